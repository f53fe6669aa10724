// The projection's conflicts in plain words, each linked to its order.
import { For, Show, createMemo } from 'solid-js';
import { isOpen, withoutEventIds, type Conflict, type Handled } from '../../domain';
import { conflictHint } from './conflict-hints';

export { conflictHint };
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

/** A conflict's message on a screen: this device's local times ("18:05 UTC" → "19:05"), people rather than device ids, no event ids. */
export function conflictText(message: string): string {
  return peopleNotDevices(withoutEventIds(localClockTimes(message)), thisDevice ??= loadDeviceIdentity().deviceId);
}
let thisDevice: string | undefined; // read once: it does not change while the page is open

/** What to do about a conflict; `order` (the conflict's own) says how much an `overpaid` one gives back. */
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
