// An order's whole history: who did what, when, on which device, in which log.
import { For } from 'solid-js';
import type { HistoryEntry } from '../../domain';
import { clockTime } from '../shared/time';

const EVENT_NAMES: Record<HistoryEntry['type'], string> = {
  ItemDefined: 'Item defined', ItemChanged: 'Item changed', WebsiteOrderingSet: 'Website ordering',
  OrderPlaced: 'Placed', OrderLinesChanged: 'Lines changed', CustomerChanged: 'Customer changed',
  OrderCancelled: 'Cancelled', PaymentRecorded: 'Payment', OrderCheckedIn: 'Checked in',
  CheckInUndone: 'Check-in undone', PaymentVoided: 'Payment undone', ConflictHandled: 'Conflict handled',
};

/** As the domain's sentences name people: once where the account is named after its role. */
function person(actor: HistoryEntry['actor']): string {
  if (actor.role === 'website') return 'customer (website)';
  return actor.userId === actor.role ? actor.role : `${actor.role} ${actor.userId}`;
}

export function OrderHistory(props: { history: HistoryEntry[] }) {
  return (
    <table class="history">
      <thead><tr><th>When</th><th>Who</th><th>Device</th><th>Event</th><th>What</th></tr></thead>
      <tbody>
        <For each={props.history}>
          {(entry) => (
            <tr data-event={entry.type}>
              <td>{clockTime(entry.at)}</td>
              <td>{person(entry.actor)}</td>
              <td>{entry.actor.deviceId}</td>
              <td>{EVENT_NAMES[entry.type]}</td>
              <td class="hint" title={`event ${entry.eventId}`}>{entry.what}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
