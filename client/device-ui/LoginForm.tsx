// Log in (POST /api/login). Also used to log in again after the token expired: local events
// stay on the device meanwhile and are synced with the new token.
import { createSignal } from 'solid-js';
import { ApiError, NetworkError, issuesByPath } from '../shared/api';
import { logIn } from '../device/session';
import type { Session } from '../device/session';
import { Field, FormError } from './Field';
import { focusFirstError } from './a11y';

export function LoginForm(props: { title: string; intro?: string; username?: string; onLoggedIn: (session: Session) => void }) {
  const [username, setUsername] = createSignal(props.username ?? '');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const missing = { ...(username().trim() ? {} : { username: 'Enter your user name.' }), ...(password() ? {} : { password: 'Enter your password.' }) };
    setErrors(missing);
    if (Object.keys(missing).length) return focusFirstError(form);
    setBusy(true);
    try {
      props.onLoggedIn(await logIn(username().trim(), password()));
    } catch (error) {
      setErrors(loginErrors(error));
      focusFirstError(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="login card" ref={form} onSubmit={submit} novalidate>
      <h1>{props.title}</h1>
      {props.intro && <p class="hint">{props.intro}</p>}
      <FormError error={errors()._form} />
      <Field id="login-username" label="User name" value={username()} error={errors().username} autocomplete="username" autocapitalize="none" onInput={setUsername} />
      <Field id="login-password" label="Password" type="password" value={password()} error={errors().password} autocomplete="current-password" onInput={setPassword} />
      <button type="submit" disabled={busy()}>{busy() ? 'Logging in…' : 'Log in'}</button>
    </form>
  );
}

function loginErrors(error: unknown): Record<string, string> {
  if (error instanceof NetworkError) return { _form: 'No connection: logging in needs the network. Work done on this device is kept.' };
  if (error instanceof ApiError && error.code === 'bad_credentials') return { password: 'Unknown user name or wrong password.' };
  if (error instanceof ApiError) return { _form: error.message, ...issuesByPath(error.issues) };
  return { _form: 'Logging in failed. Try again.' };
}
