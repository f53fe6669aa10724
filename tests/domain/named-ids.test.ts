// The list-then-set of ids an order's events name (domain/named-ids.ts) answers as a Set would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNamed, withNamed } from '../../domain/named-ids';
import type { NamedIds } from '../../domain/named-ids';

describe('Property: named ids answer as a Set', () => {
  it('Given any sequence of ids named, short or past the list size, When asked about any id, Then it answers as a Set of them', () => {
    const id = fc.stringMatching(/^[a-e]{1,2}$/); // 30 ids: sequences pass the list's 16 and repeat ids
    fc.assert(fc.property(fc.array(id, { maxLength: 60 }), fc.array(id, { maxLength: 10 }), (named, asked) => {
      let list: NamedIds | undefined;
      const set = new Set<string>();
      for (const value of named) {
        list = withNamed(list, value);
        set.add(value);
        for (const question of [...asked, value]) expect(isNamed(list, question)).toBe(set.has(question));
      }
      expect(list === undefined ? 0 : Array.isArray(list) ? list.length : list.size).toBe(set.size);
    }), { numRuns: 300 });
  });
});
