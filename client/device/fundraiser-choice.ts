// Which fundraiser a device app opens: `?fid=` wins, then the last one opened on this device
// unless the device's list says it is archived (its books are closed: a door tablet reopening
// last season's fundraiser booked the new event's walk-ins into it); else the app asks
// (device-ui/FundraiserChoice.tsx).
import { z } from 'zod';
import { Id } from '../../domain/schema';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

const KEY = `${STORAGE_PREFIX}:fundraisers`;
const Known = z.array(Id).max(20);

/** `archived`: what the device's list says of a fundraiser (fundraiser-list.ts); a link names
 *  one on purpose, so it opens archived or not (the app then says it is archived). */
export function chosenFundraiser(search = window.location.search, archived: (fid: string) => boolean = () => false): string | undefined {
  const fromUrl = Id.safeParse(new URLSearchParams(search).get('fid') ?? '');
  if (fromUrl.success) return fromUrl.data;
  const last = knownFundraisers()[0];
  return last !== undefined && !archived(last) ? last : undefined;
}

export function knownFundraisers(): string[] {
  return readStored(KEY, Known) ?? [];
}

/** Its copy is gone from this device: the app no longer offers it as one opened here. */
export function forgetFundraiser(fid: string): void {
  writeStored(KEY, knownFundraisers().filter((f) => f !== fid));
}

export function rememberFundraiser(fid: string): void {
  writeStored(KEY, [fid, ...knownFundraisers().filter((f) => f !== fid)].slice(0, 20));
}
