// A link with a mistyped fundraiser id ("dmeo") opened an empty fundraiser that said nothing
// ("Synced: sent 0, received 0"), and whatever the clerk then recorded went to a fundraiser
// nobody else looks at. Once the server's list is in and has no such fundraiser, while this
// device holds none of its orders, the app says so and offers the account's fundraisers.
import { For, Show } from 'solid-js';
import { useFundraiser } from '../device/context';
import { fundraiserLabel, serverListed } from '../device/fundraiser-list';
import { useShell } from './DeviceShell';

export function UnknownFundraiser() {
  const store = useFundraiser();
  const shell = useShell();
  const others = () => {
    const listed = serverListed();
    if (!listed || store.orderIds().length > 0 || listed.some((f) => f.id === store.fid)) return undefined;
    return listed.filter((f) => !f.archived);
  };
  return (
    <Show when={others()}>
      {(choices) => (
        <div class="notice warn" role="alert" data-testid="unknown-fundraiser">
          <p>There is no fundraiser "{store.fid}" on the server: check the link. What is recorded here reaches no fundraiser anyone else sees.</p>
          <div class="row">
            <For each={choices()}>{(f) => <button type="button" class="secondary" onClick={() => shell.openFundraiser(f.id)}>Open {fundraiserLabel(f, choices())}</button>}</For>
          </div>
        </div>
      )}
    </Show>
  );
}
