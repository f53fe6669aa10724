// The projection's conflicts in plain words, each linked to its order.
import { For, Show, createMemo } from 'solid-js';
import { isOpen, refundDue, withoutEventIds, type Conflict, type Handled, type OrderView } from '../../domain';
import { formatMoney } from '../shared/money';
import { conflictKey } from '../device/sync-once';
import { HandleConflict } from './HandleConflict';
import { clockTime, localClockTimes } from '../shared/time';
import { useFundraiser } from '../device/context';
import { loadDeviceIdentity } from '../device/identity';
import { historyWho, peopleNotDevices } from './screen-text';

const KIND_TITLES: Record<Conflict['kind'], string> = {
  oversold: 'More sold than in stock',
  overruled: 'A device overruled the customer',
  concurrent_edit: 'Two devices changed the same thing',
  overpaid: 'Paid too much: refund due',
  overrefunded: 'Given back more than was paid',
  orphan: 'A change for an unknown order',
  duplicate: 'Recorded twice',
  duplicate_number: 'Two orders, one number',
};

/** What to do about each kind, for a volunteer at the door as much as for the manager. */
const KIND_HINTS: Record<Conflict['kind'], string> = {
  oversold: 'Raise the stock under Catalog, or change one of the orders named. At the door: ask the manager before handing out the last ones.',
  overruled: "The device's change stands over the customer's. If the customer meant otherwise, change the order again.",
  concurrent_edit: 'Check the order is right now, and change it again if not: the change kept is not always the later one by the clock.',
  overpaid: 'Give back what was paid too much and record it with "Refund". The takings then add up and this goes away.', // overpaidHint says more
  overrefunded: 'Ask the customer to return the difference, or tell the manager so the treasurer knows.',
  orphan: 'Sync: the order may be on another device. If it stays, tell the manager.',
  duplicate: 'Nothing to do: it is counted once.',
  duplicate_number: 'Tell these orders apart by name at the door, and tell the manager.',
};

/** A conflict's message on a screen: this device's local times ("18:05 UTC" → "19:05"), people rather than device ids, no event ids. */
export function conflictText(message: string): string {
  return peopleNotDevices(withoutEventIds(localClockTimes(message)), thisDevice ??= loadDeviceIdentity().deviceId);
}
let thisDevice: string | undefined; // read once: it does not change while the page is open

/** What to do about a conflict; `order` (the conflict's own) says how much an `overpaid` one gives back. */
export function conflictHint(conflict: Conflict, order?: Money): string {
  return conflict.kind === 'overpaid' ? overpaidHint(conflict, order) : KIND_HINTS[conflict.kind];
}

type Money = Pick<OrderView, 'cancelled' | 'totalCents' | 'paidCents'>;

/**
 * Paid and then cancelled, or made cheaper: the money goes back, and how much. Only two
 * payments recorded without either seeing the other may be one money recorded twice, which is
 * undone rather than refunded (the domain's `concurrentPayments`).
 */
function overpaidHint(conflict: Conflict, order: Money | undefined): string {
  const due = order ? refundDue(order) : 0;
  const amount = due > 0 ? formatMoney(due) : 'what was paid too much';
  const settles = 'the takings then add up and this goes away.';
  if (conflict.concurrentPayments) {
    return `${order?.cancelled ? 'The order is cancelled, and two' : 'Two'} payments were recorded without either device seeing the other. ` +
      `If the money was taken twice, give back ${amount} and record it with "Refund". If it was taken once but recorded twice, ` +
      `undo one payment ("Undo a mistake…"). Either way ${settles}`;
  }
  if (order?.cancelled) return `The order is cancelled but was paid: give back ${amount} to the customer and record it with "Refund". Then ${settles}`;
  if (!order) return KIND_HINTS.overpaid;
  return `The order now costs less than was paid: give back ${amount} and record it with "Refund". Then ${settles}`;
}

/**
 * Open conflicts first; those a manager marked handled below, folded away but never gone.
 * `canHandle`: the manager's app, whose people may mark a conflict handled.
 */
export function ConflictList(props: { conflicts: Conflict[]; onOpen: (orderId: string) => void; canHandle?: boolean }) {
  const conflicts = stableConflicts(() => props.conflicts);
  const open = () => conflicts().filter(isOpen);
  const handled = () => conflicts().filter((c) => !isOpen(c));
  return (
    <>
      <Show when={open().length > 0} fallback={<p class="notice ok">{handled().length > 0 ? 'No open conflicts: each one is marked handled.' : 'No conflicts: every device agrees.'}</p>}>
        <ul class="conflicts" data-testid="open-conflicts">
          <For each={open()}>{(conflict) => <ConflictItem conflict={conflict} onOpen={props.onOpen} canHandle={props.canHandle} />}</For>
        </ul>
      </Show>
      <Show when={handled().length > 0}>
        <details class="handled-conflicts" data-testid="handled-conflicts">
          <summary>Handled ({handled().length})</summary>
          <ul class="conflicts"><For each={handled()}>{(conflict) => <ConflictItem conflict={conflict} onOpen={props.onOpen} canHandle={props.canHandle} />}</For></ul>
        </details>
      </Show>
    </>
  );
}

function ConflictItem(props: { conflict: Conflict; onOpen: (orderId: string) => void; canHandle?: boolean | undefined }) {
  const store = useFundraiser();
  const conflict = () => props.conflict;
  return (
    <li class={`conflict ${conflict().kind}`} classList={{ handled: !isOpen(conflict()) }} data-kind={conflict().kind} data-order={conflict().orderId ?? ''}>
      <strong>{KIND_TITLES[conflict().kind]}</strong>
      <p>{conflictText(conflict().message)}</p>
      <Show when={!conflict().handled}><p class="hint what-to-do">{conflictHint(conflict(), conflict().orderId ? store.listed(conflict().orderId!) : undefined)}</p></Show>
      <HandledNotes conflict={conflict()} />
      <details class="hint"><summary>Events</summary><code>{conflict().eventIds.join(', ')}</code></details>
      <Show when={conflict().orderId ? store.listed(conflict().orderId!) : undefined}>
        {(order) => <button type="button" class="link" onClick={() => props.onOpen(order().orderId)}>Open order {order().orderNumber}</button>}
      </Show>
      <Show when={props.canHandle}><HandleConflict conflict={conflict()} mode={isOpen(conflict()) ? 'handle' : 'reopen'} /></Show>
    </li>
  );
}

/**
 * A conflict's marks: "Handled by manager mia on this device, Mon 19:05: baked two more.", any
 * other manager's mark of it, and on a conflict open again how it was handled before it changed.
 */
export function HandledNotes(props: { conflict: Conflict }) {
  return (
    <>
      <Show when={props.conflict.handled}>{(h) => <HandledNote handled={h()} lead="Handled by" />}</Show>
      <For each={props.conflict.alsoHandled ?? []}>{(h) => <HandledNote handled={h} lead="Also handled by" />}</For>
      <Show when={props.conflict.reopened}>{(h) => <HandledNote handled={h()} lead="Reopened by" />}</Show>
      <Show when={props.conflict.handledBefore}>{(h) => <HandledNote handled={h()} lead={props.conflict.reopened ? 'It had been handled by' : 'It changed since it was handled by'} />}</Show>
    </>
  );
}

function HandledNote(props: { handled: Handled; lead: string }) {
  const who = () => historyWho(props.handled.actor, new Map(), thisDevice ??= loadDeviceIdentity().deviceId);
  const note = () => props.handled.note;
  return <p class="handled-mark" data-testid="handled-mark">{props.lead} {who()}, {clockTime(props.handled.at)}{note() ? `: ${note()}` : '.'}</p>;
}

/** The marks' event ids: a conflict whose marks changed is drawn anew. */
function marksOf(conflict: Conflict): string {
  return [conflict.handled, ...(conflict.alsoHandled ?? []), conflict.reopened, conflict.handledBefore].map((h) => h?.eventId ?? '').join(',');
}

/**
 * The same conflicts as objects that stay the same while nothing about them changes: the list
 * is recomputed on every change of the log, and <For> would otherwise draw every item anew
 * when a website order arrives, taking the focus out of a note being typed (the note itself is
 * kept apart, HandleConflict.tsx).
 */
function stableConflicts(conflicts: () => Conflict[]): () => Conflict[] {
  let kept = new Map<string, Conflict>();
  return createMemo(() => {
    const next = new Map<string, Conflict>();
    const list = conflicts().map((conflict) => {
      const key = conflictKey(conflict);
      const before = kept.get(key);
      const same = before && before.message === conflict.message && marksOf(before) === marksOf(conflict);
      next.set(key, same ? before : conflict);
      return same ? before : conflict;
    });
    kept = next;
    return list;
  });
}
