// An empty search at the door. The clerk syncs on demand, so a customer who ordered on the
// website since the last sync is not on this device: the clerk booked them again as a walk-in
// (two orders, one of them owing for good). So the empty result says how old this copy is and
// offers the sync that brings them.
import { Show } from 'solid-js';
import { useFundraiser } from '../device/context';
import { timeAgo } from '../shared/time';
import { createNow, createOnline } from './online';
import type { SyncRunner } from './sync-runner';

export function NoMatch(props: { sync: SyncRunner }) {
  const store = useFundraiser();
  const online = createOnline();
  const now = createNow();
  const since = () => {
    const at = store.lastSyncAt();
    return at ? `since the last sync (${timeAgo(at, now())})` : 'before this device synced';
  };
  return (
    <div class="hint empty" data-testid="no-match">
      <p>No order matches.</p>
      <p>An order placed {since()} is not on this device yet.{' '}
        <Show when={online()} fallback={<>Sync when the network is back.</>}>
          <button type="button" class="link" disabled={props.sync.progress() !== undefined} onClick={() => void props.sync.run()}>
            {props.sync.progress() ? 'Syncing…' : 'Sync now'}
          </button> to look for it.
        </Show>
      </p>
    </div>
  );
}
