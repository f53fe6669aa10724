// The projection uses valid log elements as they are (no parsed copy, see
// domain/event-check.ts) and settles sold counts by difference: the elements must come out
// of a fold with every value as it was (it may point them at shared copies of equal values,
// domain/shared-values.ts, but leaves frozen ones alone), and the counts must equal a recount
// from the orders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import { Random, generateLog, scheduleDelivery } from '../support/generator';
import { snapshot } from '../support/snapshot';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const logArb = fc.record({ seed: fc.integer(), orders: fc.integer({ min: 1, max: 40 }) });

describe('Property: events are shared, never changed', () => {
  it('Given a generated log frozen deep, When folded, Then nothing throws and the result equals the fold of a copy', () => {
    fc.assert(fc.property(logArb, ({ seed, orders }) => {
      const log = generateLog({ seed, orders });
      const copy = structuredClone(log);
      const frozen = deepFreeze(structuredClone(log));
      const folded = Projection.fold(frozen.website, frozen.replicated);
      folded.conflicts();
      expect(snapshot(folded)).toEqual(snapshot(Projection.fold(copy.website, copy.replicated)));
      expect(frozen).toEqual(log);
    }), { numRuns: 40 });
  });
});

describe('Property: sold counts equal a recount of the orders', () => {
  it('Given generated logs delivered in any schedule, When folded incrementally, Then each item sold is the units on orders not cancelled', () => {
    fc.assert(fc.property(logArb, fc.integer(), fc.constantFrom(1, 5, 50), ({ seed, orders }, scheduleSeed, maxBatch) => {
      const log = generateLog({ seed, orders });
      const projection = new Projection();
      for (const { log: name, index, values } of scheduleDelivery(log, new Random(scheduleSeed), maxBatch, 0.3)) {
        projection.insert(name, index, values);
      }
      const recount = new Map<string, number>();
      for (const order of projection.orders()) {
        if (order.cancelled) continue;
        for (const line of order.lines) recount.set(line.itemId, (recount.get(line.itemId) ?? 0) + line.quantity);
      }
      for (const item of projection.items()) expect(item.sold).toBe(recount.get(item.itemId) ?? 0);
    }), { numRuns: 100 });
  });
});
