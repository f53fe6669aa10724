// The manager's accounts (contract extension: /api/accounts, docs/EXTENSIONS.md): who may log
// in, as what, to which fundraisers; add an account, set a new password, change its
// fundraisers, disable or enable one. All but adding sign that person out on every device at
// once. Online only: accounts live on the server, and nothing here is kept on the device.
import { For, Show, createResource, createSignal } from 'solid-js';
import { useFundraiser } from '../device/context';
import { createFundraiserChoices, listedFundraiser } from '../device/fundraiser-list';
import { FormError } from '../device-ui/Field';
import { clockTime } from '../shared/time';
import { AddAccountForm, PasswordForm, ScopeForm } from './AccountForms';
import type { ListedFundraiser } from '../device/fundraiser-list';
import { accountsClient, messageOf, type AccountChange, type AccountView } from './accounts-client';

export function AccountsPanel() {
  const store = useFundraiser();
  const api = accountsClient(() => store.session().token);
  const online = () => store.connection() !== 'disconnected';
  const [version, setVersion] = createSignal(0);
  // No request while offline; coming back online fetches the list again.
  const [accounts] = createResource(() => (online() ? version() + 1 : false), () => api.list());
  const fundraisers = createFundraiserChoices(store.session());
  const [problem, setProblem] = createSignal<string>();
  const [note, setNote] = createSignal<string>();
  const reload = (message?: string) => (setProblem(undefined), setNote(message), setVersion(version() + 1));

  return (
    <section class="card accounts">
      <h2>Accounts</h2>
      <p class="hint">Give each person their own login. A new password or disabling an account signs that person out on every device at once; a disabled account keeps its name in order histories but cannot log in.</p>
      <Show when={!online()}><p class="notice warn" data-testid="accounts-offline">Offline: accounts can only be viewed and changed while this device reaches the server.</p></Show>
      <FormError error={problem()} />
      <Show when={note()}><p class="notice ok" role="status">{note()}</p></Show>
      <Show when={online() && accounts.error}><p class="notice error">Could not load the accounts: {messageOf(accounts.error)}</p></Show>
      <table class="accounts-table stack-table">
        <thead><tr><th>Username</th><th>Role</th><th>Status</th><th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          <For each={online() && !accounts.error ? accounts.latest?.accounts ?? [] : []}>{(account) => (
            <AccountRow account={account} own={account.userId === store.session().userId} online={online()} api={api} fundraisers={fundraisers()} onChanged={reload} onProblem={setProblem} />
          )}</For>
        </tbody>
      </table>
      <AddAccountForm disabled={!online()} fundraisers={fundraisers()} create={api.create} onDone={(username) => reload(`Account ${username} added.`)} />
      <Show when={online() && !accounts.error && accounts.latest?.changes.length}>
        <h3>Recent changes</h3>
        <ul class="account-changes" data-testid="account-changes">
          <For each={accounts.latest!.changes}>{(change) => <li><time datetime={change.at}>{clockTime(change.at)}</time> {changeText(change)}</li>}</For>
        </ul>
      </Show>
    </section>
  );
}

type Api = ReturnType<typeof accountsClient>;

function AccountRow(props: { account: AccountView; own: boolean; online: boolean; api: Api; fundraisers: ListedFundraiser[]; onChanged: (note: string) => void; onProblem: (message: string) => void }) {
  const [changing, setChanging] = createSignal<'password' | 'scope'>();
  const name = () => props.account.username;
  async function toggle() {
    const disable = !props.account.disabled;
    const question = disable
      ? `Disable ${name()}? They are signed out on every device at once and cannot log in until enabled again.`
      : `Enable ${name()}? They can log in again with their password.`;
    if (!confirm(question)) return;
    try {
      await props.api.setDisabled(name(), disable);
      props.onChanged(`${name()} is ${disable ? 'disabled' : 'enabled'}.`);
    } catch (error) {
      props.onProblem(messageOf(error));
    }
  }
  return (
    <>
      <tr data-account={name()} data-status={props.account.disabled ? 'disabled' : 'enabled'}>
        <td class="stack-head">{name()}{props.own ? ' (you)' : ''}</td>
        <td data-label="Role">{props.account.role}{props.account.fundraisers ? ` (${props.account.fundraisers.map((fid) => listedFundraiser(fid)?.name ?? fid).join(', ')})` : ''}</td>
        <td data-label="Status">{props.account.disabled ? 'disabled' : 'enabled'}</td>
        <td><div class="account-actions">
          <button type="button" class="secondary" disabled={!props.online} onClick={() => setChanging(changing() === 'password' ? undefined : 'password')}>Change password</button>
          <Show when={!props.own}>
            <button type="button" class="secondary" disabled={!props.online} onClick={() => setChanging(changing() === 'scope' ? undefined : 'scope')}>Fundraisers…</button>
            <button type="button" class={props.account.disabled ? 'secondary' : 'danger'} disabled={!props.online} onClick={() => void toggle()}>{props.account.disabled ? 'Enable' : 'Disable'}</button>
          </Show>
        </div></td>
      </tr>
      <Show when={changing() === 'password'}>
        <tr class="password-row"><td colspan="4">
          <PasswordForm username={name()} own={props.own} disabled={!props.online} save={(password) => props.api.setPassword(name(), password)}
            onDone={() => (setChanging(), props.onChanged(props.own ? 'Your new password is set; your other devices are signed out.' : `New password set for ${name()}; their devices are signed out.`))} onCancel={() => setChanging()} />
        </td></tr>
      </Show>
      <Show when={changing() === 'scope'}>
        <tr class="scope-row"><td colspan="4">
          <ScopeForm username={name()} current={props.account.fundraisers} fundraisers={props.fundraisers} disabled={!props.online} save={(only) => props.api.setFundraisers(name(), only)}
            onDone={() => (setChanging(), props.onChanged(`Fundraisers of ${name()} changed; they are signed out on every device and log in again to open them.`))} onCancel={() => setChanging()} />
        </td></tr>
      </Show>
    </>
  );
}

const CHANGE_WORDS: Record<AccountChange['action'], string> = { created: 'added the account', password: 'set a new password for', disabled: 'disabled', enabled: 'enabled', fundraisers: 'changed the fundraisers of' };

function changeText(change: AccountChange): string {
  return `${change.by} ${CHANGE_WORDS[change.action]} ${change.username}`;
}
