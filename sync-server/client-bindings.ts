// Which user owns which Yjs clientID in a fundraiser's document.
//
// Yjs trusts clientIDs: if a device writes under a clientID another device already uses,
// one of the two devices' later edits look like duplicates and silently vanish. So the
// first accepted write binds a clientID to the writer's userId, stored under
// ['clientid', fid, clientID] in the same atomic batch as the update, and any later write
// under it by someone else is refused. The server's own writes bind to SERVER_OWNER.
import type { BatchOp, StorageAdapter, StorageKey } from './storage/adapter.js';
import type { StagedClient } from './validate-update.js';

export const SERVER_OWNER = '@server';
const NAMESPACE = 'clientid';

export type BindingCheck = { ok: true; fresh: number[] } | { ok: false; reason: string };

export class ClientBindings {
  private constructor(
    private readonly fid: string,
    private readonly owners: Map<number, string>,
  ) {}

  static async load(adapter: StorageAdapter, fid: string): Promise<ClientBindings> {
    const rows = await adapter.loadRange([NAMESPACE, fid]);
    const owners = new Map<number, string>();
    for (const row of rows) {
      const client = Number(row.key[2]);
      const owner = new TextDecoder().decode(row.data);
      if (Number.isSafeInteger(client) && owner) owners.set(client, owner);
    }
    return new ClientBindings(fid, owners);
  }

  /** Reads the bindings of `clients` this process has not seen but the doc already holds:
   *  with several server processes, another one may have bound them (e.g. a device that
   *  moved here after its server went away). */
  async refresh(adapter: StorageAdapter, clients: readonly StagedClient[]): Promise<void> {
    const unknown = clients.filter(({ client, before }) => before > 0 && !this.owners.has(client));
    for (const { client } of unknown) {
      const data = await adapter.load(this.key(client));
      if (data && data.length > 0) this.owners.set(client, new TextDecoder().decode(data));
    }
  }

  ownerOf(client: number): string | undefined {
    return this.owners.get(client);
  }

  /** May `userId` write under each of these clientIDs? `fresh` are the ones to bind now. */
  check(clients: readonly StagedClient[], userId: string): BindingCheck {
    const fresh: number[] = [];
    for (const { client, before } of clients) {
      const owner = this.owners.get(client);
      if (owner === userId) continue;
      if (owner !== undefined) return { ok: false, reason: `clientID ${client} belongs to another writer` };
      // Unbound yet already in the doc: written before bindings existed, so nobody may continue it.
      if (before > 0) return { ok: false, reason: `clientID ${client} is already in use` };
      fresh.push(client);
    }
    return { ok: true, fresh };
  }

  /** The writes that bind `clients` to `userId`, for the update's atomic batch. */
  bindOps(clients: readonly number[], userId: string): BatchOp[] {
    const data = new TextEncoder().encode(userId);
    return clients.map((client) => ({ op: 'save', key: this.key(client), data }));
  }

  /** After the batch with bindOps() was stored. */
  remember(clients: readonly number[], userId: string): void {
    for (const client of clients) this.owners.set(client, userId);
  }

  /** A clientID for the server's own writes: unused in the doc and bound to nobody. */
  pickServerClientId(inUse: (client: number) => boolean): number {
    for (;;) {
      const candidate = Math.floor(Math.random() * 0xffffffff) >>> 0;
      if (!this.owners.has(candidate) && !inUse(candidate)) return candidate;
    }
  }

  private key(client: number): StorageKey {
    return [NAMESPACE, this.fid, String(client)];
  }
}
