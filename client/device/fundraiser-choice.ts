// Which fundraiser a device app opens: `?fid=` wins, then the last one opened on this device;
// with neither, the app asks (device-ui/FundraiserChoice.tsx).
import { z } from 'zod';
import { Id } from '../../domain/schema';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

const KEY = `${STORAGE_PREFIX}:fundraisers`;
const Known = z.array(Id).max(20);

export function chosenFundraiser(search = window.location.search): string | undefined {
  const fromUrl = Id.safeParse(new URLSearchParams(search).get('fid') ?? '');
  if (fromUrl.success) return fromUrl.data;
  return knownFundraisers()[0];
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
