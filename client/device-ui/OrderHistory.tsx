// An order's whole history: who did what, and when. Who names people, and a device
// only where it tells something ("manager on this device"), as conflict messages do; the
// device's id stays in the cell's title for support.
import { For, createMemo } from 'solid-js';
import type { HistoryEntry } from '../../domain';
import { loadDeviceIdentity } from '../device/identity';
import { clockTime } from '../shared/time';
import { devicesByPerson, historyWho } from './screen-text';

const EVENT_NAMES: Record<HistoryEntry['type'], string> = {
  ItemDefined: 'Item defined', ItemChanged: 'Item changed', WebsiteOrderingSet: 'Website ordering',
  OrderPlaced: 'Placed', OrderLinesChanged: 'Lines changed', CustomerChanged: 'Customer changed',
  OrderCancelled: 'Cancelled', PaymentRecorded: 'Payment', OrderCheckedIn: 'Checked in',
  CheckInUndone: 'Check-in undone', PaymentVoided: 'Payment undone', ConflictHandled: 'Conflict handled', ConflictReopened: 'Conflict reopened',
};

export function OrderHistory(props: { history: HistoryEntry[] }) {
  const thisDevice = loadDeviceIdentity().deviceId;
  const devicesOf = createMemo(() => devicesByPerson(props.history.map((entry) => entry.actor)));
  return (
    <table class="history">
      <thead><tr><th>When</th><th>Who</th><th>Event</th><th>What</th></tr></thead>
      <tbody>
        <For each={props.history}>
          {(entry) => (
            <tr data-event={entry.type}>
              <td>{clockTime(entry.at)}</td>
              <td title={`${entry.actor.role === 'website' ? 'server' : 'device'} ${entry.actor.deviceId}`}>{historyWho(entry.actor, devicesOf(), thisDevice)}</td>
              <td>{EVENT_NAMES[entry.type]}</td>
              <td class="hint" title={`event ${entry.eventId}`}>{entry.what}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
