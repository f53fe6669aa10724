// Awareness (presence) from a connection is relayed only for clientIDs that connection may
// speak for, and only up to a size per state. The stock client also echoes every other
// user's awareness back to the server, so refusing an entry drops it silently: it is not
// a reason to close the connection.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** JSON text; "null" removes the client's state. */
  state: string;
}

const MAX_ENTRIES = 1_000;

/** y-protocols/awareness framing: count, then (clientID, clock, JSON state) per entry. Throws if malformed. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) throw new RangeError('too many awareness entries');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.client);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

/** Who may announce which clientID in one room. Lives as long as the room. */
export class AwarenessClaims {
  /** clientID → userId of the connection that first announced it (never released while loaded). */
  private readonly claims = new Map<number, string>();

  constructor(
    private readonly boundOwner: (client: number) => string | undefined,
    private readonly maxStateBytes: number,
  ) {}

  /** The entries `speaker` may relay. May claim one new clientID for the speaker. */
  filter(entries: readonly AwarenessEntry[], speaker: AwarenessSpeaker): AwarenessEntry[] {
    return entries.filter((entry) => this.sizeOk(entry) && this.mayAnnounce(entry, speaker));
  }

  private sizeOk(entry: AwarenessEntry): boolean {
    if (Buffer.byteLength(entry.state, 'utf8') > this.maxStateBytes) return false;
    try {
      JSON.parse(entry.state);
      return true;
    } catch {
      return false;
    }
  }

  // Written with (bound to this user) → yes. Otherwise only the one clientID this connection
  // claimed: the first it announced with a state that nobody else had claimed.
  private mayAnnounce(entry: AwarenessEntry, speaker: AwarenessSpeaker): boolean {
    const bound = this.boundOwner(entry.client);
    if (bound !== undefined) return bound === speaker.userId;
    if (speaker.claimedClient !== undefined) return speaker.claimedClient === entry.client;
    const claimedBy = this.claims.get(entry.client);
    if (entry.state === 'null' || (claimedBy !== undefined && claimedBy !== speaker.userId)) return false;
    this.claims.set(entry.client, speaker.userId);
    speaker.claimedClient = entry.client;
    return true;
  }
}

export interface AwarenessSpeaker {
  readonly userId: string;
  claimedClient: number | undefined;
}
