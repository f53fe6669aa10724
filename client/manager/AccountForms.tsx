// The forms of the Accounts panel: add an account, set a new password for one, change which
// fundraisers one may open.
// Errors from the server (zod issues by field, 409 exists) show beside their inputs.
import { For, Show, createSignal } from 'solid-js';
import { fundraiserLabel, listedFundraiser, type ListedFundraiser } from '../device/fundraiser-list';
import { Field, FormError } from '../device-ui/Field';
import type { FieldErrors } from '../device-ui/form-errors';
import { accountErrors, type NewAccountInput } from './accounts-client';

export function AddAccountForm(props: { disabled: boolean; fundraisers: ListedFundraiser[]; create: (input: NewAccountInput) => Promise<unknown>; onDone: (username: string) => void }) {
  const [username, setUsername] = createSignal('');
  const [only, setOnly] = createSignal<string[]>(); // undefined: every fundraiser
  const [role, setRole] = createSignal<'manager' | 'clerk'>('clerk');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [busy, setBusy] = createSignal(false);
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (only()?.length === 0) return setErrors({ fundraisers: 'Tick at least one fundraiser, or let the account open every one.' });
    setBusy(true);
    try {
      await props.create({ username: username().trim(), password: password(), role: role(), ...(only() ? { fundraisers: only()! } : {}) });
      props.onDone(username().trim());
      setErrors({});
      setUsername('');
      setPassword('');
      setOnly(undefined);
    } catch (error) {
      setErrors(accountErrors(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="account-form" onSubmit={(e) => void submit(e)} novalidate>
      <h3>Add account</h3>
      <FormError error={errors()._form} />
      <div class="account-fields">
        <Field id="account-username" label="Username" placeholder="e.g. door.anna" autocapitalize="none" value={username()} error={errors().username} onInput={setUsername} />
        <div class="field">
          <label for="account-role">Role</label>
          <select id="account-role" value={role()} onChange={(e) => setRole(e.currentTarget.value === 'manager' ? 'manager' : 'clerk')}>
            <option value="clerk">clerk</option>
            <option value="manager">manager</option>
          </select>
          <Show when={errors().role}><p class="field-error">{errors().role}</p></Show>
        </div>
        <Field id="account-password" label="Password (8 or more characters)" type="password" autocomplete="new-password" value={password()} error={errors().password} onInput={setPassword} />
      </div>
      <FundraiserScope name="account-fundraisers" fundraisers={props.fundraisers} only={only()} error={errors().fundraisers} onChange={(next) => { setOnly(next); setErrors(({ fundraisers: _, ...rest }) => rest); }} />
      <button type="submit" disabled={props.disabled || busy()}>Add account</button>
    </form>
  );
}

/** Which fundraisers an account may open: every one (and those made later), or only some. */
function FundraiserScope(props: { name: string; fundraisers: ListedFundraiser[]; only: string[] | undefined; error: string | undefined; onChange: (only: string[] | undefined) => void }) {
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...(props.only ?? []), id] : (props.only ?? []).filter((f) => f !== id));
  return (
    <fieldset class="account-scope" aria-describedby={props.error ? `${props.name}-error` : undefined}>
      <legend>May open</legend>
      <label><input type="radio" name={props.name} checked={!props.only} onChange={() => props.onChange(undefined)} /> Every fundraiser (also new ones; needed to manage accounts)</label>
      <label><input type="radio" name={props.name} checked={!!props.only} onChange={() => props.onChange(props.only ?? [])} /> Only these:</label>
      <Show when={props.only}>
        <div class="account-fundraisers">
          <For each={props.fundraisers}>{(f) => (
            <label><input type="checkbox" value={f.id} checked={props.only!.includes(f.id)} onChange={(e) => toggle(f.id, e.currentTarget.checked)} /> {fundraiserLabel(f, props.fundraisers)}{f.archived ? ' (archived)' : ''}</label>
          )}</For>
        </div>
      </Show>
      <Show when={props.error}><p class="field-error" id={`${props.name}-error`}>{props.error}</p></Show>
    </fieldset>
  );
}

/** Changes which fundraisers an existing account may open; the person is signed out everywhere
 *  (their logins name the old ones) and logs in again to get the new ones. */
export function ScopeForm(props: { username: string; current: string[] | undefined; fundraisers: ListedFundraiser[]; disabled: boolean; save: (only: string[] | undefined) => Promise<unknown>; onDone: () => void; onCancel: () => void }) {
  const [only, setOnly] = createSignal(props.current);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  // Ids the list no longer offers (archived, say) stay ticked rather than dropped unseen.
  // The account's own, archived ones too (left out of the choices), named where the list knows them.
  const offered = () => [...props.fundraisers, ...(props.current ?? []).filter((id) => !props.fundraisers.some((f) => f.id === id)).map((id) => listedFundraiser(id) ?? { id, name: null })];
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (only()?.length === 0) return setErrors({ fundraisers: 'Tick at least one fundraiser, or let the account open every one.' });
    if (!confirm(`Change which fundraisers ${props.username} may open? They are signed out on every device at once and log in again to open them.`)) return;
    try {
      await props.save(only());
      props.onDone();
    } catch (error) {
      setErrors(accountErrors(error));
    }
  }
  return (
    <form class="scope-form" onSubmit={(e) => void submit(e)} novalidate>
      <FormError error={errors()._form} />
      <FundraiserScope name={`scope-${props.username.replace(/[^A-Za-z0-9_-]/g, '_')}`} fundraisers={offered()} only={only()} error={errors().fundraisers} onChange={(next) => { setOnly(next); setErrors({}); }} />
      <div class="row">
        <button type="submit" disabled={props.disabled}>Save</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}

export function PasswordForm(props: { username: string; own: boolean; disabled: boolean; save: (password: string) => Promise<unknown>; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const id = `password-${props.username.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const who = props.own ? 'Your other devices are signed out at once; this one stays logged in.' : `${props.username} is signed out on every device at once.`;
    if (!confirm(`Set a new password for ${props.username}? ${who}`)) return;
    try {
      await props.save(password());
      setErrors({});
      props.onDone();
    } catch (error) {
      setErrors(accountErrors(error));
    }
  }
  return (
    <form class="password-form" onSubmit={(e) => void submit(e)} novalidate>
      <FormError error={errors()._form} />
      <Field id={id} label={`New password for ${props.username}`} type="password" autocomplete="new-password" value={password()} error={errors().password} onInput={setPassword} />
      <div class="row">
        <button type="submit" disabled={props.disabled}>Set password</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}
