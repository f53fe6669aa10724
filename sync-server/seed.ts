// First start with an empty DATA_DIR: the demo fundraiser (a small catalog with one item
// of limited stock, website ordering open) and the contract's two accounts.
import * as Y from 'yjs';
import { decide, Projection } from '../domain';
import type { Actor, FundraiserEvent } from '../domain';
import type { DocStore } from './storage/doc-store';
import type { Records } from './storage/records';
import type { FundraiserMeta } from './api/meta';

export const DEMO_FID = 'demo';
const SEED_ACTOR: Actor = { role: 'manager', userId: 'manager', deviceId: 'server-seed' };

export const DEMO_CATALOG = [
  { itemId: 'spaghetti', name: 'Spaghetti bolognese', priceCents: 1200, stock: 120 },
  { itemId: 'veggie', name: 'Spaghetti with vegetables', priceCents: 1100, stock: 40 },
  { itemId: 'tiramisu', name: 'Tiramisu', priceCents: 450, stock: 25 },
  { itemId: 'lemonade', name: 'Lemonade', priceCents: 250, stock: null },
] as const;

export interface SeedDeps {
  docStore: DocStore;
  records: Records;
  meta: FundraiserMeta;
  hashPassword: (password: string) => Promise<string>;
  password: string;
  at: string;
  newId: () => string;
}

/** Seeds only when there are no accounts yet; returns whether it did. */
export async function seedIfEmpty(deps: SeedDeps): Promise<boolean> {
  if ((await deps.records.listAccounts()).length > 0) return false;
  const update = catalogUpdate(demoEvents(deps.at, deps.newId));
  await deps.docStore.appendUpdate(DEMO_FID, update, [deps.meta.op({ id: DEMO_FID, name: 'Spaghetti dinner (demo)' })]);
  for (const role of ['manager', 'clerk'] as const) {
    const passwordHash = await deps.hashPassword(deps.password);
    await deps.records.putAccount({ username: role, userId: role, role, passwordHash });
  }
  return true;
}

/** The demo catalog as the manager's events, each decided like any other command. */
export function demoEvents(at: string, newId: () => string): FundraiserEvent[] {
  const events: FundraiserEvent[] = [];
  const commands = [
    ...DEMO_CATALOG.map((item) => ({ type: 'DefineItem', ...item })),
    { type: 'SetWebsiteOrdering', open: true },
  ];
  for (const command of commands) {
    const state = Projection.fold([], events);
    const decision = decide(command, state, { eventId: newId(), at, actor: SEED_ACTOR });
    if (!decision.ok) throw new Error(`demo seed refused: ${decision.error.message}`);
    events.push(...decision.events);
  }
  return events;
}

function catalogUpdate(events: FundraiserEvent[]): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => doc.getArray('replicated').push(events), { kind: 'seed' });
  return Y.encodeStateAsUpdate(doc);
}
