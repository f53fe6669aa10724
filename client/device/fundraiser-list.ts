// The fundraisers this account may open (GET /api/fundraisers, a contract extension), kept on
// the device so the apps can name them and offer them while offline. Access is the server's
// to decide: this list only saves a clerk from needing a link.
import { createMemo, createSignal, onMount } from 'solid-js';
import type { Accessor } from 'solid-js';
import { z } from 'zod';
import { FID_PATTERN } from '../../sync-server/shared/protocol';
import { requestJson } from '../shared/api';
import { knownFundraisers } from './fundraiser-choice';
import { mayOpen } from './session';
import type { Session } from './session';
import { STORAGE_PREFIX, readStored, removeStored, writeStored } from './stored';

export const ListedFundraiser = z.object({ id: z.string().regex(FID_PATTERN), name: z.string().max(200).nullable(), archived: z.boolean().optional() });
export type ListedFundraiser = z.infer<typeof ListedFundraiser>;
const Listed = z.array(ListedFundraiser).max(10_000);
const KEY = `${STORAGE_PREFIX}:fundraiser-list`;
/** One list per page: a name given in one panel shows in the header at once. */
const [lastListed, setLastListed] = createSignal<ListedFundraiser[] | undefined>();

/** The server's list for this session's account; remembered for the next offline start. */
export async function fetchFundraisers(session: Session): Promise<ListedFundraiser[]> {
  const { fundraisers } = await requestJson(z.object({ fundraisers: Listed }), '/api/fundraisers', { headers: { authorization: `Bearer ${session.token}` } });
  writeStored(KEY, fundraisers);
  setLastListed(fundraisers);
  return fundraisers;
}

/** The list the server gave this page (undefined until one came: offline, nothing is known). */
export const serverListed: Accessor<ListedFundraiser[] | undefined> = lastListed;

/** At log-out: the list was the account's, and the next person may be allowed others. */
export function forgetFundraisers(): void {
  removeStored(KEY);
  setLastListed(undefined);
}

export function cachedFundraisers(): ListedFundraiser[] {
  return readStored(KEY, Listed) ?? [];
}

/** The last list but the archived, then ids opened on this device that it lacks (made here,
 *  or listed since). */
export function fundraiserChoices(listed: readonly ListedFundraiser[], known: readonly string[] = knownFundraisers()): ListedFundraiser[] {
  const ids = new Set(listed.map((f) => f.id));
  return [...listed.filter((f) => !f.archived), ...known.filter((id) => !ids.has(id)).map((id) => ({ id, name: null }))];
}

/**
 * What a typed id opens: a fundraiser on the list, archived ones too (an archived one opens,
 * and says so: it was offered as a new, empty one), also typed in other case ("Waffles" for
 * waffles) or by its name, a fundraiser that is not archived first; else `unknown`, for the app
 * to ask before it starts a new, empty one (a typo did that silently).
 */
export function typedFundraiser(typed: string, among: readonly ListedFundraiser[]): { fid: string } | { unknown: string } {
  const exact = among.find((f) => f.id === typed);
  if (exact) return { fid: exact.id };
  const folded = (list: readonly ListedFundraiser[]) => list.filter((f) => f.id.toLowerCase() === typed.toLowerCase() || f.name?.toLowerCase() === typed.toLowerCase());
  const open = folded(among.filter((f) => !f.archived));
  if (open.length > 0) return open.length === 1 ? { fid: open[0]!.id } : { unknown: typed };
  const any = folded(among);
  return any.length === 1 ? { fid: any[0]!.id } : { unknown: typed };
}

/** Its name (the id where it has none, or where another in `among` has the same name). */
export function fundraiserLabel(fundraiser: ListedFundraiser, among: readonly ListedFundraiser[] = []): string {
  if (!fundraiser.name) return fundraiser.id;
  const shared = among.some((other) => other.id !== fundraiser.id && other.name === fundraiser.name);
  return shared ? `${fundraiser.name} · ${fundraiser.id}` : fundraiser.name;
}

/** Its entry on the last list this device was given, if it has one. */
export function listedFundraiser(fid: string): ListedFundraiser | undefined {
  return knownList().find((f) => f.id === fid);
}

/** The list as last known on this device: from the server on this page, else the stored one. */
export function knownList(): ListedFundraiser[] {
  return lastListed() ?? cachedFundraisers();
}

/** Archived, as far as this device knows (from the server's list, kept for offline starts). */
export function isArchived(fid: string): boolean {
  return listedFundraiser(fid)?.archived === true;
}

/** The choices at once from the device, refreshed from the server when it answers. Ids opened
 *  here that the session's token may not open are left out (an account limited since). */
export function createFundraiserChoices(session: Session): Accessor<ListedFundraiser[]> {
  onMount(() => void fetchFundraisers(session).catch(() => {})); // offline: the device's list stays
  return createMemo(() => fundraiserChoices(knownList(), knownFundraisers().filter((fid) => mayOpen(session, fid))));
}
