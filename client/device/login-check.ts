// Whether the server still takes this device's login. The clerk's app connects only to sync, so
// a login revoked meanwhile (password changed, device signed out, account disabled or limited)
// would show only at the next sync, maybe hours later and offline. Asked when the app opens and
// when the network returns, by fetching the account's fundraiser list (kept, as usual).
import { ApiError } from '../shared/api';
import { fetchFundraisers } from './fundraiser-list';
import type { Session } from './session';

/** True only when the server answered 401: offline, a server that does not answer, or any
 *  other answer says nothing about the login. */
export async function loginRefused(session: Session): Promise<boolean> {
  try {
    await fetchFundraisers(session);
    return false;
  } catch (error) {
    return error instanceof ApiError && error.status === 401;
  }
}
