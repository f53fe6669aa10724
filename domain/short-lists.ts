// Appending to the short lists a projection keeps per order. V8's push grows a list to
// room for n + n/2 + 16 elements: for lists that stay a few elements long, most of their
// memory is empty room. concat makes a copy of exactly the new length (and, unlike a list
// made by `new Array(n)`, of the same packed kind as the rest, which keeps the fold's
// reads monomorphic): one small allocation per append, affordable for lists appended to
// by some events only; long lists (few) grow by push.
const SHORT = 16;

/** `list` with `item` at its end: a new exact-length list while short, else `list` itself. */
export function appended<T>(list: T[], item: T): T[] {
  if (list.length >= SHORT) {
    list.push(item);
    return list;
  }
  return list.concat([item]);
}
