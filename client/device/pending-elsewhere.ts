// How many changes each fundraiser's copy on this device holds that the server does not have,
// kept beside the copies (localStorage) as the open one counts them. A clerk moved to the next
// fundraiser with a check-in still unsent in the old one saw "0 not on the server" for the new
// one, and the old change was shown nowhere; the other copies are not loaded to count them.
import { z } from 'zod';
import { STORAGE_PREFIX, readStored, removeStored, writeStored } from './stored';

const PREFIX = `${STORAGE_PREFIX}:pending:`;
const Count = z.number().int().min(1);

/** Noted when the open copy's count changes; 0 forgets it. */
export function notePending(fid: string, count: number): void {
  if (count > 0) writeStored(PREFIX + fid, count);
  else removeStored(PREFIX + fid);
}

/** The other copies on this device with changes not on the server, as last counted. */
export function pendingElsewhere(openFid: string): { fid: string; count: number }[] {
  const found: { fid: string; count: number }[] = [];
  for (const key of storedKeys()) {
    const fid = key.slice(PREFIX.length);
    const count = fid !== openFid ? readStored(key, Count) : undefined;
    if (count !== undefined) found.push({ fid, count });
  }
  return found.sort((a, b) => (a.fid < b.fid ? -1 : 1));
}

function storedKeys(): string[] {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '').filter((key) => key.startsWith(PREFIX));
  } catch {
    return [];
  }
}
