// The ids an order's events name in `after` and `seen`: a short list while they are few
// (an order names one or two: no Set to allocate and hash into as its events fold), a Set
// once past SMALL, so that a forged order naming thousands of ids stays linear.
import { appended } from './short-lists';

export type NamedIds = string[] | Set<string>;

const SMALL = 16;

/** `named` with `id` in it: the same list or set, grown, or a new one. */
export function withNamed(named: NamedIds | undefined, id: string): NamedIds {
  if (named === undefined) return [id];
  if (!Array.isArray(named)) return named.add(id);
  if (named.includes(id)) return named;
  if (named.length < SMALL) return appended(named, id);
  return new Set(named).add(id);
}

export function isNamed(named: NamedIds | undefined, id: string): boolean {
  if (named === undefined) return false;
  return Array.isArray(named) ? named.includes(id) : named.has(id);
}
