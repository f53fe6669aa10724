// Which orders an oversold conflict names: those holding the units of THAT item claimed after
// its stock ran out, each unit counted where it was claimed (docs/domain.md, the catalog rules).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection, parseLogEntry } from '../../domain';
import type { Actor, Conflict, FundraiserEvent } from '../../domain';
import { generateDeviceStreams, interleave, Random } from '../support/generator';
import { CLERK, CLERK_2, MANAGER, WEBSITE, at, event, given } from './fixtures';

const TIRAMISU = 450;
const LEMONADE = 200;
const tiramisu = (stock: number) =>
  event('ItemDefined', { itemId: 'tiramisu', name: 'Tiramisu', priceCents: TIRAMISU, stock }, MANAGER, { id: 'def-tiramisu' });
const lemonade = () =>
  event('ItemDefined', { itemId: 'lemonade', name: 'Lemonade', priceCents: LEMONADE, stock: null }, MANAGER, { id: 'def-lemonade' });

function linesOf(tiramisus: number, lemonades = 0) {
  return [
    ...(tiramisus > 0 ? [{ itemId: 'tiramisu', quantity: tiramisus, unitPriceCents: TIRAMISU }] : []),
    ...(lemonades > 0 ? [{ itemId: 'lemonade', quantity: lemonades, unitPriceCents: LEMONADE }] : []),
  ];
}

function order(orderNumber: string, name: string, actor: Actor, tiramisus: number, lemonades = 0) {
  return event('OrderPlaced', { orderId: orderNumber, orderNumber, customer: { name }, lines: linesOf(tiramisus, lemonades) },
    actor, { id: `place-${orderNumber}` });
}

function change(id: string, orderNumber: string, after: string, tiramisus: number, lemonades = 0, actor = MANAGER) {
  return event('OrderLinesChanged', { orderId: orderNumber, lines: linesOf(tiramisus, lemonades) }, actor, { id, after });
}

const cancel = (id: string, orderNumber: string, after: string) => event('OrderCancelled', { orderId: orderNumber }, MANAGER, { id, after });

function oversoldOf(p: Projection): Conflict | undefined {
  const found = p.conflicts().filter((c) => c.kind === 'oversold' && c.itemId === 'tiramisu');
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('oversold names the orders that claimed the last units', () => {
  it('the reported scenario: an early order edited for another item keeps its place, and the late door order is named', () => {
    const early = order('W-6', 'Frank Weber', WEBSITE, 1);
    const other = order('W-7', 'Greta Brandt', WEBSITE, 1);
    const door = order('CRK-1', 'Carl Kim', CLERK, 1);
    const before = given(tiramisu(2), lemonade(), early, other, door);
    expect(oversoldOf(before)).toMatchObject({ eventIds: ['place-CRK-1'] });

    const addLemonade = change('lemonade-W-6', 'W-6', 'place-W-6', 1, 2);
    const after = given(tiramisu(2), lemonade(), early, other, door, addLemonade);
    const conflict = oversoldOf(after)!;
    expect(conflict.eventIds).toEqual(['place-CRK-1']);
    expect(conflict.message).toContain('3 sold but only 2 in stock, 1 too many');
    expect(conflict.message).toContain('CRK-1 (Carl Kim)');
    expect(conflict.message).not.toContain('W-6');
  });

  it('a raised quantity: only the added units come late, and the raise is the event named', () => {
    const a = order('A-1', 'Ann', CLERK, 1);
    const b = order('B-1', 'Bo', CLERK_2, 2);
    const raise = change('raise-A-1', 'A-1', 'place-A-1', 3);
    const conflict = oversoldOf(given(tiramisu(3), a, b, raise))!;
    expect(conflict.eventIds).toEqual(['raise-A-1']);
    expect(conflict.message).toContain('A-1 (Ann): 2 of its 3 units');
    expect(conflict.message).not.toContain('B-1');
  });

  it('a raise past the stock and a later order: both named, in the order their units were claimed', () => {
    const a = order('A-1', 'Ann', CLERK, 1);
    const raise = change('raise-A-1', 'A-1', 'place-A-1', 2);
    const b = order('B-1', 'Bo', CLERK_2, 1);
    const conflict = oversoldOf(given(tiramisu(1), a, raise, b))!;
    expect(conflict.eventIds).toEqual(['raise-A-1', 'place-B-1']);
    expect(conflict.message).toMatch(/A-1 \(Ann\): 1 of its 2 units.*B-1 \(Bo\): 1 unit\b/);
    expect(conflict.orderIds, 'the orders named, as the message names them: each card shows it').toEqual(['A-1', 'B-1']);
  });

  it('a lowered quantity gives back the most recently claimed units first', () => {
    const a = order('A-1', 'Ann', CLERK, 1);
    const b = order('B-1', 'Bo', CLERK_2, 1);
    const raise = change('raise-A-1', 'A-1', 'place-A-1', 2);
    const lower = change('lower-A-1', 'A-1', 'raise-A-1', 1);
    // A keeps the unit it ordered first, so B's still comes after the stock ran out...
    expect(oversoldOf(given(tiramisu(1), a, b, raise, lower))).toMatchObject({ eventIds: ['place-B-1'] });
    // ...and lowering below what was first ordered gives back part of that too.
    const a3 = order('A-1', 'Ann', CLERK, 3);
    const lowerTo1 = change('lower-A-1', 'A-1', 'place-A-1', 1);
    const c = order('C-1', 'Cem', CLERK_2, 2);
    const conflict = oversoldOf(given(tiramisu(2), a3, c, lowerTo1))!;
    expect(conflict.eventIds).toEqual(['place-C-1']);
    expect(conflict.message).toContain('C-1 (Cem): 1 of its 2 units');
    expect(conflict.orderIds).toEqual(['C-1']); // A-1 holds units too, none past the stock
  });

  it('a cancelled order holds no units: the orders after it move up into the stock', () => {
    const a = order('A-1', 'Ann', CLERK, 1);
    const b = order('B-1', 'Bo', CLERK_2, 1);
    const c = order('C-1', 'Cem', CLERK, 1);
    expect(oversoldOf(given(tiramisu(2), a, b, c))).toMatchObject({ eventIds: ['place-C-1'] });
    const cancelB = cancel('cancel-B-1', 'B-1', 'place-B-1');
    expect(oversoldOf(given(tiramisu(2), a, b, c, cancelB))).toBeUndefined();
    const d = order('D-1', 'Dana', CLERK_2, 1);
    const conflict = oversoldOf(given(tiramisu(2), a, b, c, cancelB, d))!;
    expect(conflict.eventIds).toEqual(['place-D-1']);
    expect(conflict.message).not.toContain('B-1');
  });

  it('website orders fold before device orders whatever their clocks, even when the website log arrives last', () => {
    const w1 = { ...order('W-1', 'Wim', WEBSITE, 1), at: at('18:00') };
    const w2 = { ...order('W-2', 'Wanda', WEBSITE, 1), at: at('18:05') };
    const door = { ...order('CRK-1', 'Carl Kim', CLERK, 1), at: at('10:00') };
    const raiseW1 = change('raise-W-1', 'W-1', 'place-W-1', 2); // a device raise counts where the device's event folds
    const full = Projection.fold([w1, w2], [tiramisu(2), door, raiseW1]);
    const conflict = oversoldOf(full)!;
    expect(conflict.eventIds).toEqual(['place-CRK-1', 'raise-W-1']);
    expect(conflict.message).toMatch(/CRK-1 \(Carl Kim\): 1 unit.*W-1 \(Wim\): 1 of its 2 units/);

    const late = new Projection();
    late.append('replicated', [tiramisu(2), door, raiseW1]);
    expect(oversoldOf(late)).toBeUndefined(); // W-1 not placed yet: the raise is an orphan
    late.append('website', [w1, w2]);
    expect(late.conflicts()).toEqual(full.conflicts());
  });
});

describe('Property: naming does not depend on edits that leave the item alone', () => {
  const plan = fc.record({
    stock: fc.integer({ min: 0, max: 8 }),
    orders: fc.array(fc.record({ tiramisus: fc.integer({ min: 1, max: 3 }), website: fc.boolean() }), { minLength: 1, maxLength: 8 }),
    edits: fc.array(fc.record({ order: fc.nat(), lemonades: fc.integer({ min: 0, max: 5 }), slot: fc.nat() }), { maxLength: 10 }),
  });

  it('Given orders for an item, When other items of some orders change anywhere in the log, Then the oversold conflict is the same', () => {
    fc.assert(fc.property(plan, ({ stock, orders, edits }) => {
      const placements = orders.map((o, i) => order(`O-${i}`, `Customer ${i}`, o.website ? WEBSITE : CLERK, o.tiramisus));
      const logOf = (withEdits: boolean): FundraiserEvent[] => {
        const log: FundraiserEvent[] = [tiramisu(stock), lemonade(), ...placements];
        if (!withEdits) return log;
        const lastBy = new Map<string, string>();
        for (const [k, e] of edits.entries()) {
          const i = e.order % orders.length;
          const orderNumber = `O-${i}`;
          const after = lastBy.get(orderNumber) ?? `place-${orderNumber}`;
          const edit = change(`edit-${k}`, orderNumber, after, orders[i]!.tiramisus, e.lemonades, CLERK_2);
          lastBy.set(orderNumber, edit.id);
          const first = log.indexOf(placements[i]!) + 1; // after its placement
          log.splice(first + (e.slot % (log.length - first + 1)), 0, edit);
        }
        return log;
      };
      const without = oversoldOf(given(...logOf(false)));
      expect(oversoldOf(given(...logOf(true)))).toEqual(without);
    }), { numRuns: 200 });
  });
});

describe('Property: the units named are those past the stock, counted where they were claimed', () => {
  const arb = fc.record({ seed: fc.integer(), orders: fc.integer({ min: 5, max: 60 }), mix: fc.integer() });

  it('Given generated logs, When folded, Then every oversold conflict names the events a recount from the orders\' histories finds', () => {
    fc.assert(fc.property(arb, ({ seed, orders, mix }) => {
      const streams = generateDeviceStreams({ seed, orders, faults: 0.05 });
      const logs = { website: streams.website, replicated: interleave(streams.perDevice, new Random(mix)) };
      const projection = Projection.fold(logs.website, logs.replicated);
      const recount = recounter(logs, projection);
      for (const conflict of projection.conflicts().filter((c) => c.kind === 'oversold')) {
        expect(conflict.eventIds, conflict.message).toEqual(recount(conflict.itemId!));
      }
    }), { numRuns: 100 });
  });
});

type Positioned = { event: FundraiserEvent; position: number };

/** An independent recount: each active order's applied placement and lines changes, read from its history. */
function recounter(logs: { website: unknown[]; replicated: unknown[] }, projection: Projection) {
  const valid: Positioned[] = [];
  for (const log of ['website', 'replicated'] as const) {
    for (const value of logs[log]) {
      const parsed = parseLogEntry(log, value);
      if (parsed.ok) valid.push({ event: parsed.event, position: valid.length });
    }
  }
  const applied = (orderId: string, eventId: string) =>
    valid.find((v) => v.event.id === eventId && 'orderId' in v.event.data && v.event.data.orderId === orderId)!;
  return (itemId: string): string[] => {
    const claims: { id: string; position: number; units: number }[] = [];
    for (const order of projection.orders().filter((o) => !o.cancelled)) {
      const held: { id: string; position: number; units: number }[] = [];
      let quantity = 0;
      for (const { eventId } of projection.history(order.orderId)) {
        const { event, position } = applied(order.orderId, eventId);
        if (event.type !== 'OrderPlaced' && event.type !== 'OrderLinesChanged') continue;
        const next = event.data.lines.find((l) => l.itemId === itemId)?.quantity ?? 0;
        if (next > quantity) held.push({ id: eventId, position, units: next - quantity });
        for (let back = quantity - next; back > 0; back--) { // one unit at a time, the newest first
          held[held.length - 1]!.units--;
          if (held[held.length - 1]!.units === 0) held.pop();
        }
        quantity = next;
      }
      claims.push(...held);
    }
    const stock = projection.item(itemId)!.stock!;
    let counted = 0;
    return claims.sort((a, b) => a.position - b.position).filter((c) => (counted += c.units) > stock).map((c) => c.id);
  };
}
