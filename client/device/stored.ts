// localStorage, read through zod: whatever is stored may be stale, from an older version of
// the app, or edited by hand, so nothing read back is trusted without a schema.
import type { z } from 'zod';

export function readStored<S extends z.ZodType>(key: string, schema: S): z.infer<S> | undefined {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return undefined;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the value is only lost for the next page load
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to do
  }
}

export const STORAGE_PREFIX = 'fundraiser-orders';
