// Builders for Given/When/Then tests: events as the contract writes them, with readable defaults.
import type { Actor, EventType, FundraiserEvent } from '../../domain';

export const WEBSITE: Actor = { role: 'website', userId: 'website', deviceId: 'server' };
export const MANAGER: Actor = { role: 'manager', userId: 'mia', deviceId: 'mia-laptop' };
export const CLERK: Actor = { role: 'clerk', userId: 'tom', deviceId: 'door-1' };
export const CLERK_2: Actor = { role: 'clerk', userId: 'ann', deviceId: 'door-2' };

export function at(hhmm: string): string {
  return `2026-11-25T${hhmm}:00.000Z`;
}

interface Options { id?: string; at?: string; after?: string }

export function event<T extends EventType>(
  type: T, data: Extract<FundraiserEvent, { type: T }>['data'], actor: Actor, options: Options = {},
): Extract<FundraiserEvent, { type: T }> {
  return {
    id: options.id ?? `${type}-${Object.values(data)[0]}-${actor.deviceId}-${options.at ?? 'x'}`,
    type, at: options.at ?? at('12:00'), actor, ...(options.after ? { after: options.after } : {}), data,
  } as Extract<FundraiserEvent, { type: T }>;
}

export const waffles = (stock: number | null = 50) =>
  event('ItemDefined', { itemId: 'waffle', name: 'Waffle', priceCents: 350, stock }, MANAGER, { id: 'def-waffle' });
export const coffee = () =>
  event('ItemDefined', { itemId: 'coffee', name: 'Coffee', priceCents: 200, stock: null }, MANAGER, { id: 'def-coffee' });
export const openWebsite = () => event('WebsiteOrderingSet', { open: true }, MANAGER, { id: 'open-web' });

export function placed(orderId: string, actor: Actor, quantity = 2, options: Options = {}) {
  return event('OrderPlaced', {
    orderId, orderNumber: `N-${orderId}`, customer: { name: `Customer ${orderId}` },
    lines: [{ itemId: 'waffle', quantity, unitPriceCents: 350 }],
  }, actor, { id: `place-${orderId}`, ...options });
}

import { Projection, decide } from '../../domain';
import type { CommandMeta, Decision } from '../../domain';

/** Given: events, each sent to the log its writer writes (website or replicated), in order. */
export function given(...events: FundraiserEvent[]): Projection {
  const website = events.filter((e) => e.actor.role === 'website');
  const replicated = events.filter((e) => e.actor.role !== 'website');
  return Projection.fold(website, replicated);
}

let eventCounter = 0;
/** When: the actor issues a command at a time. */
export function when(state: Projection, command: unknown, actor: Actor, time = at('12:30')): Decision {
  const meta: CommandMeta = { eventId: `ev-${++eventCounter}`, at: time, actor };
  return decide(command, state, meta);
}

export function refusal(decision: Decision) {
  if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision.events)}`);
  return decision.error;
}

export function accepted(decision: Decision) {
  if (!decision.ok) throw new Error(`expected events, got ${JSON.stringify(decision.error)}`);
  return decision.events;
}
