// The projection's conflicts in plain words, each linked to its order.
import { For, Show } from 'solid-js';
import { withoutEventIds, type Conflict } from '../../domain';
import { useFundraiser } from '../device/context';

const KIND_TITLES: Record<Conflict['kind'], string> = {
  oversold: 'More sold than in stock',
  overruled: 'A device overruled the customer',
  concurrent_edit: 'Two devices changed the same thing',
  overpaid: 'Paid too much: refund due',
  orphan: 'A change for an unknown order',
  duplicate: 'Recorded twice',
  duplicate_number: 'Two orders, one number',
};

export function ConflictList(props: { conflicts: Conflict[]; onOpen: (orderId: string) => void }) {
  const store = useFundraiser();
  return (
    <Show when={props.conflicts.length > 0} fallback={<p class="notice ok">No conflicts: every device agrees.</p>}>
      <ul class="conflicts">
        <For each={props.conflicts}>
          {(conflict) => (
            <li class={`conflict ${conflict.kind}`} data-kind={conflict.kind} data-order={conflict.orderId ?? ''}>
              <strong>{KIND_TITLES[conflict.kind]}</strong>
              <p>{withoutEventIds(conflict.message)}</p>
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
