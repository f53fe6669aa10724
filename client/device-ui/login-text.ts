// What the login notice says when this device may not sync as it is: the login expired, a
// manager signed the device out, or the account may no longer open this fundraiser. A disabled
// account's login is refused like a wrong password (the server tells no one which accounts
// exist), so the signed-out notice names that case: the clerk learns what to ask the manager.
import type { AuthProblem } from '../device/connection-state';

export interface LoginTextFacts { pending: number; userId: string; fid: string }

/** The notice's text, or undefined when `problem` is not about the login. */
export function loginProblemText(problem: AuthProblem, facts: LoginTextFacts): string | undefined {
  if (problem === 'expired') return `Your login has expired. ${facts.pending > 0 ? `Your ${facts.pending} unsynced change(s) are safe on this device; log in again to sync.` : 'Log in again to sync.'}`;
  if (problem === 'revoked') return `A manager signed this device out. ${facts.pending > 0 ? `Your ${facts.pending} unsynced change(s) are safe on this device; log in again now, while you have network, to sync them. ${REFUSED}` : 'Log in again now, while you have network, to sync.'}`;
  if (problem === 'forbidden') return forbiddenText(facts);
  return undefined;
}

const REFUSED = 'If your password is refused, the manager may have changed it or disabled your account: ask them for the new password or to enable the account (manager app, Accounts). If that cannot be done now, export this device\'s events and give the file to the manager.';

function forbiddenText({ pending, userId, fid }: LoginTextFacts): string {
  const kept = pending > 0 ? ` Your ${pending} unsynced change(s) are safe on this device but cannot be sent.` : '';
  const exportHint = pending > 0 ? ' Or export this device\'s events and give the file to the manager.' : '';
  return `This account (${userId}) may not open fundraiser ${fid}.${kept} Ask a manager to give the account this fundraiser again (manager app, Accounts, Fundraisers…), then log in again.${exportHint}`;
}

/** Whether the notice offers the export: only where the changes may not be sendable soon. */
export function offersExport(problem: AuthProblem, pending: number): boolean {
  return pending > 0 && (problem === 'revoked' || problem === 'forbidden');
}
