// The projection's conflicts in plain words, each linked to its order.
import { For, Show } from 'solid-js';
import { withoutEventIds, type Conflict } from '../../domain';
import { localClockTimes } from '../shared/time';
import { useFundraiser } from '../device/context';
import { loadDeviceIdentity } from '../device/identity';
import { peopleNotDevices } from './screen-text';

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
  overpaid: 'If the money was taken twice, give the difference back and record it with "Refund". If it was taken once but recorded twice, undo one payment ("Undo a mistake…"). Either way the takings then add up and this goes away.',
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

export function conflictHint(kind: Conflict['kind']): string {
  return KIND_HINTS[kind];
}

export function ConflictList(props: { conflicts: Conflict[]; onOpen: (orderId: string) => void }) {
  const store = useFundraiser();
  return (
    <Show when={props.conflicts.length > 0} fallback={<p class="notice ok">No conflicts: every device agrees.</p>}>
      <ul class="conflicts">
        <For each={props.conflicts}>
          {(conflict) => (
            <li class={`conflict ${conflict.kind}`} data-kind={conflict.kind} data-order={conflict.orderId ?? ''}>
              <strong>{KIND_TITLES[conflict.kind]}</strong>
              <p>{conflictText(conflict.message)}</p>
              <p class="hint what-to-do">{KIND_HINTS[conflict.kind]}</p>
              <details class="hint"><summary>Events</summary><code>{conflict.eventIds.join(', ')}</code></details>
              <Show when={conflict.orderId ? store.listed(conflict.orderId) : undefined}>
                {(order) => <button type="button" class="link" onClick={() => props.onOpen(order().orderId)}>Open order {order().orderNumber}</button>}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
