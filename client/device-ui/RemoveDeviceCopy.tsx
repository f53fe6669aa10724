// After a logout the device keeps the fundraiser's copy (every order: customers' names, phones,
// emails) for the next login, as an offline-first app must. On a shared or borrowed tablet
// that is not wanted: the login screen then offers to remove it. Offered only when nothing of
// it was waiting to be sent at the logout (unsynced work is never deleted from here); it loads
// again from the server at the next login.
import { Match, Switch, createSignal } from 'solid-js';
import { forgetFundraiser } from '../device/fundraiser-choice';
import { removeDeviceCopy } from '../device/fundraiser-doc';

type Removal = 'offered' | 'removing' | 'blocked' | 'removed' | 'failed';

export function RemoveDeviceCopy(props: { fid: string }) {
  const [state, setState] = createSignal<Removal>('offered');
  async function remove() {
    setState('removing');
    try {
      await removeDeviceCopy(props.fid, () => setState('blocked'));
      forgetFundraiser(props.fid);
      setState('removed');
    } catch {
      setState('failed');
    }
  }
  return (
    <div class="notice info remove-copy" role="status" data-testid="remove-copy" data-state={state()}>
      <Switch>
        <Match when={state() === 'offered'}>
          <p>The orders of {props.fid} stay on this device for the next login. On a shared or borrowed device, remove them: they load again from the server at the next login.</p>
          <button type="button" class="secondary" onClick={() => void remove()}>Remove them from this device</button>
        </Match>
        <Match when={state() === 'removing'}><p>Removing the orders of {props.fid} from this device…</p></Match>
        <Match when={state() === 'blocked'}><p>Close the other tabs of this app: the orders of {props.fid} are removed once they are closed.</p></Match>
        <Match when={state() === 'removed'}><p>The orders of {props.fid} are no longer on this device.</p></Match>
        <Match when={state() === 'failed'}><p>The browser did not remove them. Clear this site's data in the browser's settings instead.</p></Match>
      </Switch>
    </div>
  );
}
