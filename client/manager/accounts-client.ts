// The manager's calls to the account-management extension (sync-server/api/accounts-api.ts),
// every answer parsed with zod. Failures are ApiError (the server said no, with field issues
// for a bad form) or NetworkError (offline), as everywhere in the apps.
import { z } from 'zod';
import { serverErrors, type FieldErrors } from '../device-ui/form-errors';
import { ApiError, NetworkError, postJson, requestJson } from '../shared/api';

export const AccountView = z.object({
  username: z.string(), userId: z.string(), role: z.string(),
  fundraisers: z.array(z.string()).optional(), disabled: z.boolean(),
});
export type AccountView = z.infer<typeof AccountView>;
const OneAccount = z.object({ account: AccountView });
export const AccountChange = z.object({ at: z.string(), by: z.string(), action: z.enum(['created', 'password', 'disabled', 'enabled', 'fundraisers']), username: z.string() });
export type AccountChange = z.infer<typeof AccountChange>;
const AccountList = z.object({ accounts: z.array(AccountView), changes: z.array(AccountChange).default([]) });

export type NewAccountInput = { username: string; password: string; role: 'manager' | 'clerk'; fundraisers?: string[] };

export function accountsClient(token: () => string) {
  const auth = () => ({ authorization: `Bearer ${token()}` });
  const post = (path: string, body: unknown) => requestJson(OneAccount, path, postJson(body, auth())).then((a) => a.account);
  const at = (username: string, action: string) => `/api/accounts/${encodeURIComponent(username)}/${action}`;
  return {
    list: () => requestJson(AccountList, '/api/accounts', { headers: auth() }),
    create: (input: NewAccountInput) => post('/api/accounts', input),
    setPassword: (username: string, password: string) => post(at(username, 'password'), { password }),
    setDisabled: (username: string, disabled: boolean) => post(at(username, disabled ? 'disable' : 'enable'), {}),
    /** undefined: every fundraiser. */
    setFundraisers: (username: string, fundraisers: string[] | undefined) => post(at(username, 'fundraisers'), { fundraisers: fundraisers ?? null }),
  };
}

/** A failed call as messages by field (`_form` for the rest), to show beside the inputs. */
export function accountErrors(error: unknown): FieldErrors {
  const errors = serverErrors(error, messageOf);
  const fromIssues = error instanceof ApiError && error.issues.length > 0;
  return fromIssues && errors._form ? { ...errors, _form: unknownFieldMessage(errors._form) } : errors;
}

export function messageOf(error: unknown): string {
  if (error instanceof NetworkError) return 'Offline: accounts can only be changed while this device reaches the server.';
  if (error instanceof ApiError && error.status === 401) return 'Your login is no longer valid: log in again.';
  return error instanceof Error ? error.message : 'That did not work.';
}

function unknownFieldMessage(message: string): string {
  return /unrecognized/i.test(message) ? 'This app sent a field the server does not know; reload the page.' : message;
}
