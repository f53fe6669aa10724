// Work this device holds for another fundraiser that the server does not have yet: a clerk
// moved to the next event with the last one's check-in unsent saw "0 not on the server" and
// nothing else. Said on every fundraiser's screen until that copy is synced.
import { For, Show } from 'solid-js';
import { useFundraiser } from '../device/context';
import { fundraiserLabel, knownList, listedFundraiser } from '../device/fundraiser-list';
import { pendingElsewhere } from '../device/pending-elsewhere';
import { useShell } from './DeviceShell';

export function PendingElsewhere() {
  const store = useFundraiser();
  const shell = useShell();
  const elsewhere = pendingElsewhere(store.fid); // counted as each copy was last open: read once per screen
  const name = (fid: string) => { const f = listedFundraiser(fid); return f ? fundraiserLabel(f, knownList()) : fid; };
  return (
    <Show when={elsewhere.length > 0}>
      <div class="notice warn" role="status" data-testid="pending-elsewhere">
        <For each={elsewhere}>{({ fid, count }) => (
          <p class="row">
            <span class="grow">This device holds {count} change{count === 1 ? '' : 's'} for <strong>{name(fid)}</strong> that {count === 1 ? 'is' : 'are'} not on the server yet.</span>
            <button type="button" class="secondary" onClick={() => shell.openFundraiser(fid)}>Open it to sync</button>
          </p>
        )}</For>
      </div>
    </Show>
  );
}
