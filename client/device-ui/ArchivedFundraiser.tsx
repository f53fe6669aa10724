// A fundraiser archived by a manager (Catalog → Public page) has its books closed, yet a door
// tablet still logged in to it showed nothing of it: the clerk booked and synced a walk-in into
// it without a word, and at the next event the tablet reopened it by itself. Once this device's
// list (GET /api/fundraisers, kept for offline starts) says the open one is archived, both apps
// say so, and go on saying so: "Keep working here anyway" only makes the notice smaller. Nothing
// is refused: what is recorded here is kept and syncs as ever.
import { For, Show, createSignal } from 'solid-js';
import { useFundraiser } from '../device/context';
import { knownFundraisers } from '../device/fundraiser-choice';
import { fundraiserChoices, fundraiserLabel, knownList, listedFundraiser } from '../device/fundraiser-list';
import { mayOpen } from '../device/session';
import { useShell } from './DeviceShell';

const KEPT = 'fundraiser-orders:archived-kept:';

export function ArchivedFundraiser() {
  const store = useFundraiser();
  const shell = useShell();
  const archived = () => { const f = listedFundraiser(store.fid); return f?.archived ? f : undefined; };
  // Per tab: a reload in the same tab keeps the small notice; a new start shows it all again.
  const [kept, setKept] = createSignal(sessionStorage.getItem(KEPT + store.fid) !== null);
  const keep = (yes: boolean) => { if (yes) sessionStorage.setItem(KEPT + store.fid, '1'); else sessionStorage.removeItem(KEPT + store.fid); setKept(yes); };
  const others = () => fundraiserChoices(knownList(), knownFundraisers().filter((fid) => mayOpen(store.session(), fid))).filter((f) => f.id !== store.fid);
  return (
    <Show when={archived()}>
      {(fundraiser) => (
        <Show when={!kept()} fallback={
          <p class="notice warn row archived-fundraiser" role="status" data-testid="archived-fundraiser" data-state="kept">
            <span class="grow"><strong>{fundraiserLabel(fundraiser())} is archived</strong>: its books are closed.</span>
            <button type="button" class="secondary" onClick={() => keep(false)}>Open another fundraiser…</button>
          </p>
        }>
          <div class="notice error archived-fundraiser" role="alert" data-testid="archived-fundraiser" data-state="full">
            <p><strong>{fundraiserLabel(fundraiser())} is archived: its books are closed.</strong> A manager closed it, so orders, payments and check-ins recorded here may go unseen. Open another fundraiser, or keep working here if you mean to: what you record is kept and synced.</p>
            <div class="row">
              <For each={others()}>{(f) => <button type="button" onClick={() => shell.openFundraiser(f.id)}>Open {fundraiserLabel(f, others())}</button>}</For>
              <button type="button" class="secondary" onClick={() => keep(true)}>Keep working here anyway</button>
            </div>
          </div>
        </Show>
      )}
    </Show>
  );
}
