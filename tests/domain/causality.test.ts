// Causality's bookkeeping of registered and applied entries (domain/causality.ts): applied
// is kept as a count of entries applied in registration order, plus a set for any applied
// out of that order. The fold applies in order; any order of add/apply must answer alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Causality } from '../../domain/causality';
import type { Logged, OrderEvent } from '../../domain';
import { CLERK, event } from './fixtures';

const entryOf = (id: string, pos: number): Logged<OrderEvent> =>
  ({ event: event('OrderCheckedIn', { orderId: 'o1' }, CLERK, { id }), log: 'replicated', pos });

describe('Property: Causality applies each id once, whatever the order of add and apply', () => {
  it('Given any sequence of add, apply and addAndApply over a few ids (past the indexed size too), When run, Then each answers as a plain model', () => {
    const op = fc.record({ kind: fc.constantFrom('add', 'apply', 'addAndApply'), id: fc.integer({ min: 0, max: 11 }) });
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const causality = new Causality();
      const registered = new Set<string>();
      const applied = new Set<string>();
      ops.forEach(({ kind, id }, pos) => {
        const entry = entryOf(`e${id}`, pos);
        const key = entry.event.id;
        if (kind !== 'apply') registered.add(key);
        if (kind === 'add') return causality.add(entry);
        const expected = registered.has(key) && !applied.has(key);
        if (expected) applied.add(key);
        expect(kind === 'apply' ? causality.apply(entry) : causality.addAndApply(entry)).toBe(expected);
      });
    }), { numRuns: 300 });
  });
});
