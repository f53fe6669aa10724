// The hand-written event check (domain/event-check.ts) against the zod schema of record,
// over generated events near the schema's edges, mutated events and garbage: it accepts
// exactly the elements zod accepts without changing them, and parseLogEntry answers as a
// zod-only parse would (same event, same reason).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, FundraiserEvent, UNKNOWN_TYPE, describeIssues, mayWrite, parseLogEntry } from '../../domain/events';
import type { EventType, LogName, ParsedEvent } from '../../domain/events';
import { fastEvent } from '../../domain/event-check';
import { generateLog } from '../support/generator';

/** parseLogEntry as it was before the fast check: zod for every element. */
function zodOnly(log: LogName, value: unknown): ParsedEvent {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !(EVENT_TYPES as string[]).includes(type)) return { ok: false, reason: `${UNKNOWN_TYPE} ${JSON.stringify(type.slice(0, 40))}` };
  const result = FundraiserEvent.safeParse(value);
  if (!result.success) return { ok: false, reason: describeIssues(result.error) };
  const event = result.data;
  if (!mayWrite(event.actor.role, event.type)) return { ok: false, reason: `a ${event.actor.role} may not write ${event.type}` };
  if ((event.actor.role === 'website') !== (log === 'website')) {
    return { ok: false, reason: `a ${event.actor.role} event does not belong in the ${log} log` };
  }
  return { ok: true, event };
}

/** Mostly valid values (boundaries included), now and then one just past an edge. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: edge, weight: 1 });
const pad = (s: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom(' ', '\t', '\n', '\u00a0', '\ufeff'), s).map(([p, v]) => p + v);
const idChars = /^[A-Za-z0-9_.:@-]+$/;
const id = mostly(
  fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,8}$/), fc.constantFrom('x'.repeat(64), 'C1-42', 'a@b.c:d_e')),
  fc.oneof(pad(fc.stringMatching(idChars)), fc.constantFrom('', 'x'.repeat(65), 'a b', 'é', 'a/b', 7)),
);
const text = (min: number, max: number) => mostly(
  fc.oneof(fc.string({ minLength: Math.max(min, 1), maxLength: 12 }).filter((t) => t === t.trim()), fc.constant('y'.repeat(max))),
  fc.oneof(pad(fc.string({ maxLength: 4 })), fc.constantFrom('y'.repeat(max + 1), '', ' ', 3, null)),
);
const int = (min: number, max: number) => mostly(
  fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
  fc.constantFrom(min - 1, max + 1, -0, 0.5, Number.NaN, Infinity, '1', null),
);
const at = mostly(
  fc.oneof(
    fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('2024-02-29T18:00:00+01:00', '2024-06-01T18:00:00.5-05:30', '2024-06-01T18:00:00Z'),
  ),
  fc.constantFrom('2023-02-29T18:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01', ' 2024-01-01T00:00:00Z', '2024-01-01T00:00:00'),
);
const actor = fc.record({ role: mostly(fc.constantFrom('website', 'manager', 'clerk'), fc.constant('admin')), userId: id, deviceId: id });
const email = mostly(fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9_'+-]{1,5})?@[a-z]{1,6}\.[a-z]{2,4}$/), fc.oneof(fc.emailAddress(), pad(fc.constant('a@b.co')), fc.constantFrom('no-at-sign', 'a@b', `${'e'.repeat(250)}@b.co`)));
const phone = mostly(fc.stringMatching(/^[0-9+()./-]{0,40}$/), fc.constantFrom('call me', ' 0123', '1'.repeat(41)));
const customer = fc.record({ name: text(1, 120), email, phone }, { requiredKeys: ['name'] });
const line = fc.record({ itemId: mostly(fc.constantFrom('soup', 'bread', 'cake', 'wine', 'tea', 'pie'), fc.constant(' cake')), quantity: int(1, 999), unitPriceCents: int(0, 100_000_000) });
const lines = mostly(
  fc.uniqueArray(line, { minLength: 1, maxLength: 4, selector: (l) => l.itemId }),
  fc.oneof(fc.constant([]), fc.array(line, { minLength: 2, maxLength: 4 }), fc.array(line, { minLength: 51, maxLength: 51 })),
);
const stock = fc.oneof(fc.constant(null), int(0, 1_000_000));
const cents = int(0, 100_000_000);
/** A ConflictHandled's or ConflictReopened's data: the same shape. */
const conflictMark = fc.record({
  conflict: fc.record({
    kind: mostly(fc.constantFrom('oversold', 'overpaid', 'duplicate_number'), fc.constant('bad_kind')), orderId: id, itemId: id,
    eventIds: mostly(fc.array(id, { minLength: 1, maxLength: 4 }), fc.constantFrom([], Array(201).fill('e'))),
    eventCount: int(1, 10_000_000),
    digest: mostly(fc.stringMatching(/^[0-9a-f]{1,16}$/), fc.constantFrom('', 'XYZ', '0'.repeat(17), 12)),
  }, { requiredKeys: ['kind', 'eventIds', 'eventCount'] }),
  note: text(0, 500),
}, { requiredKeys: ['conflict'] });
const dataOf: Record<EventType, fc.Arbitrary<unknown>> = { // every type: the compiler asks for a new one
  ItemDefined: fc.record({ itemId: id, name: text(1, 120), priceCents: cents, stock }),
  ItemChanged: fc.record({ itemId: id, name: text(1, 120), priceCents: cents, stock }, { requiredKeys: ['itemId'] }),
  WebsiteOrderingSet: fc.record({ open: mostly(fc.boolean(), fc.constant('yes')) }),
  OrderPlaced: fc.record({ orderId: id, orderNumber: text(1, 32), customer, lines, note: text(0, 500) }, { requiredKeys: ['orderId', 'orderNumber', 'customer', 'lines'] }),
  OrderLinesChanged: fc.record({ orderId: id, lines }),
  CustomerChanged: fc.record({ orderId: id, customer }),
  OrderCancelled: fc.record({ orderId: id, reason: text(0, 300) }, { requiredKeys: ['orderId'] }),
  PaymentRecorded: fc.record({ orderId: id, paymentId: id, amountCents: fc.oneof(cents, int(-100_000_001, -1), fc.constant(0)), method: mostly(fc.constantFrom('cash', 'card', 'online', 'transfer'), fc.constant('iou')) }),
  OrderCheckedIn: fc.record({ orderId: id }),
  CheckInUndone: fc.record({ orderId: id }),
  PaymentVoided: fc.record({ orderId: id, paymentId: id }),
  ConflictHandled: conflictMark,
  ConflictReopened: conflictMark,
};
const nearEvent = fc.constantFrom(...(Object.keys(dataOf) as EventType[])).chain((type) => fc.record({
  id, at, actor, type: mostly(fc.constant(type), fc.constantFrom('OrderDeleted', 'orderPlaced')), data: dataOf[type]!,
  after: fc.option(id, { nil: undefined }),
  seen: mostly(fc.array(id, { minLength: 1, maxLength: 16 }), fc.constantFrom([], Array(17).fill('x'))),
}, { requiredKeys: ['id', 'at', 'actor', 'type', 'data'] }));
/** What a mutation puts in: a near-valid value of another field, or anything at all. */
const replacement = fc.oneof(id, text(0, 120), int(0, 999), at, fc.anything());

/** Replaces, deletes or adds one field somewhere inside the value. */
function mutate(value: unknown, path: number[], replacement: unknown, how: number): unknown {
  if (typeof value !== 'object' || value === null) return replacement;
  const copy: Record<string, unknown> = Array.isArray(value) ? [...value] as never : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0 || how === 2 && path.length <= 1) return Object.assign(copy, { extra: replacement });
  const key = keys[(path[0] ?? 0) % keys.length]!;
  if (path.length <= 1 && how === 1) delete copy[key];
  else copy[key] = path.length <= 1 ? replacement : mutate(copy[key], path.slice(1), replacement, how);
  return copy;
}
const mutated = fc.tuple(nearEvent, fc.array(fc.nat(), { maxLength: 4 }), replacement, fc.nat(2))
  .map(([event, path, replacement, how]) => mutate(event, path, replacement, how));
const realistic = fc.integer().map((seed) => {
  const log = generateLog({ seed, orders: 3 });
  return [...log.website, ...log.replicated];
});

function checkAgreement(value: unknown): void {
  const fast = fastEvent(value);
  const zod = FundraiserEvent.safeParse(value);
  const unchanged = zod.success && same(zod.data, value);
  expect(fast !== undefined).toBe(unchanged);
  if (fast) expect(fast).toBe(value);
  for (const log of ['website', 'replicated'] as const) {
    expect(same(parseLogEntry(log, value), zodOnly(log, value))).toBe(true);
  }
}

/** Equal values with the same keys everywhere (an undefined field counts); prototypes aside. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('Property: the fast event check agrees with the zod schema', () => {
  it('Given events near the schema edges, When checked, Then it accepts exactly those zod accepts unchanged, and parseLogEntry answers as zod', () => {
    let accepted = 0;
    fc.assert(fc.property(nearEvent, (value) => {
      checkAgreement(value);
      if (fastEvent(value)) accepted++;
    }), { numRuns: 2000 });
    expect(accepted).toBeGreaterThan(200); // the generator reaches both sides of the edges

  });

  it('Given events with one field replaced, deleted or added, When checked, Then it agrees with zod', () => {
    fc.assert(fc.property(mutated, checkAgreement), { numRuns: 4000 });
  });

  it('Given garbage, When checked, Then it agrees with zod', () => {
    fc.assert(fc.property(fc.anything(), checkAgreement), { numRuns: 500 });
  });

  it('Given generated realistic logs, When their events are checked, Then every one passes the fast check as it is', () => {
    fc.assert(fc.property(realistic, (events) => {
      for (const value of events) {
        checkAgreement(value);
        if (FundraiserEvent.safeParse(value).success) expect(fastEvent(value)).toBe(value);
      }
    }), { numRuns: 30 });
  });
});
