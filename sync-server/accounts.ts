// Account management for managers (contract extension, api/accounts-api.ts): create an
// account, set a password, disable or enable one. A password change or a disable signs the
// user out everywhere: every live device session of theirs is revoked (stored, so the other
// processes' revocation polling closes their sockets too) and this process's sockets close
// with 4401 at once, before the answer.
//
// Every read-modify-write of an account, and the last-manager check with it, runs under one
// lock: a queue in this process and, when storage is shared, its cross-process lock — so two
// managers cannot disable the last two enabled managers at the same time.
import type { DeviceSessions } from './device-sessions.js';
import type { Rooms } from './rooms.js';
import { CloseCode, REVOKED_REASON } from './shared/protocol.js';
import { accountChangeOp, type AccountChange } from './account-changes.js';
import { KeyedQueue, withStorageLock, type StorageAdapter } from './storage/adapter.js';
import { recordOps, type Account, type Records } from './storage/records.js';

/** What a manager sees of an account: never its hash. */
export interface AccountView { username: string; userId: string; role: string; fundraisers?: string[]; disabled: boolean }

export interface NewAccount { username: string; role: 'manager' | 'clerk'; fundraisers?: string[] | undefined; passwordHash: string }

export type DisableRefusal = 'not_found' | 'last_manager' | 'own_account';
/** `unchanged`: the account already opens exactly those. */
export type ScopeRefusal = DisableRefusal | 'unchanged';

export interface AccountAdminDeps { records: Records; storage: StorageAdapter; sessions: DeviceSessions; rooms: Rooms }

export class AccountAdmin {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: AccountAdminDeps) {}

  async list(): Promise<AccountView[]> {
    const accounts = await this.deps.records.listAccounts();
    return accounts.map(viewOf).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** Undefined when the username is taken, in any case (see accountNamed). The userId is the
   *  username. `by`: the manager's userId, for the account changes. */
  create(input: NewAccount, by: string): Promise<AccountView | undefined> {
    return this.locked(async () => {
      const taken = sameName(input.username);
      if ((await this.deps.records.accountNames()).some(taken)) return undefined;
      const account: Account = { username: input.username, userId: input.username, role: input.role, passwordHash: input.passwordHash };
      if (input.fundraisers) account.fundraisers = input.fundraisers;
      await this.store(account, by, 'created');
      return viewOf(account);
    });
  }

  /**
   * Sets the new hash, then signs the user out on every device. A manager setting their own
   * password keeps `bySession`, the session they did it from: the usual "sign out everywhere
   * else". Undefined for an unknown user.
   */
  async setPassword(username: string, passwordHash: string, by: string, bySession?: string): Promise<AccountView | undefined> {
    const account = await this.locked(() => this.storeHash(username, passwordHash, by));
    if (account) await this.signOut(account.userId, by, account.userId === by ? bySession : undefined);
    return account && viewOf(account);
  }

  /** `by` is the manager's userId: a manager may not disable their own account. */
  async setDisabled(username: string, disabled: boolean, by: string): Promise<AccountView | DisableRefusal> {
    const outcome = await this.locked(async () => {
      const account = await this.deps.records.getAccount(username);
      if (!account) return 'not_found' as const;
      if (disabled && account.userId === by) return 'own_account' as const;
      if (disabled && (await this.isLastEnabledManager(account))) return 'last_manager' as const;
      const changed = withDisabled(account, disabled);
      await this.store(changed, by, disabled ? 'disabled' : 'enabled');
      return changed;
    });
    if (typeof outcome === 'string') return outcome;
    if (disabled) await this.signOut(outcome.userId, by);
    return viewOf(outcome);
  }

  /**
   * Which fundraisers the account may open (undefined: all). Its tokens name the old ones, so
   * the user is signed out everywhere, as for a password change. A manager limited to some
   * fundraisers can no longer manage accounts: not one's own account, nor the last manager who can.
   */
  async setFundraisers(username: string, fundraisers: string[] | undefined, by: string): Promise<AccountView | ScopeRefusal> {
    const outcome = await this.locked(async () => {
      const account = await this.deps.records.getAccount(username);
      if (!account) return 'not_found' as const;
      if (sameList(account.fundraisers, fundraisers)) return 'unchanged' as const;
      if (fundraisers && account.role === 'manager' && account.userId === by) return 'own_account' as const;
      if (fundraisers && (await this.isLastEnabledManager(account))) return 'last_manager' as const;
      const { fundraisers: _old, ...rest } = account;
      const changed: Account = fundraisers ? { ...rest, fundraisers } : rest;
      await this.store(changed, by, 'fundraisers');
      return changed;
    });
    if (typeof outcome === 'string') return outcome;
    await this.signOut(outcome.userId, by);
    return viewOf(outcome);
  }

  /** The last enabled manager who opens every fundraiser: the only one left who can manage accounts. */
  private async isLastEnabledManager(account: Account): Promise<boolean> {
    if (account.role !== 'manager' || account.disabled || account.fundraisers) return false;
    const others = (await this.deps.records.listAccounts()).filter((a) => a.role === 'manager' && !a.disabled && !a.fundraisers && a.username !== account.username);
    return others.length === 0;
  }

  private async storeHash(username: string, passwordHash: string, by: string): Promise<Account | undefined> {
    const account = await this.deps.records.getAccount(username);
    if (!account) return undefined;
    const changed = { ...account, passwordHash };
    await this.store(changed, by, 'password');
    return changed;
  }

  /** The account and the note of who changed it, in one batch. */
  private async store(account: Account, by: string, action: AccountChange['action']): Promise<void> {
    await this.deps.storage.saveBatch([recordOps.account(account), accountChangeOp({ by, action, username: account.username })]);
  }

  /** Revokes (stored) every live session of the user but `keep`, then closes this process's sockets of them. */
  private async signOut(userId: string, by: string, keep?: string): Promise<void> {
    const jtis = await this.deps.sessions.revokeUser(userId, by, keep);
    if (jtis.length === 0) return;
    await this.deps.rooms.closeConnections((conn) => jtis.includes(conn.token.jti ?? ''), CloseCode.badToken, REVOKED_REASON);
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run('accounts', () => withStorageLock(this.deps.storage, 'accounts', fn));
  }
}

/**
 * The account a login names. Names are stored as typed, but a person types "Anna" for "anna":
 * the exact name first, else the one account whose name differs only in case (create() keeps
 * such names unique; accounts made before it may not be, and then only the exact name works).
 */
export async function accountNamed(records: Records, username: string): Promise<Account | undefined> {
  // Both reads on every login: an unknown name costs what a known one does (scrypt aside).
  const [exact, names] = await Promise.all([records.getAccount(username), records.accountNames()]);
  if (exact) return exact;
  const matches = names.filter(sameName(username));
  return matches.length === 1 ? records.getAccount(matches[0]!) : undefined;
}

function sameName(username: string): (other: string) => boolean {
  const folded = username.toLowerCase(); // names are [A-Za-z0-9._-]: no locale rules needed
  return (other) => other.toLowerCase() === folded;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function withDisabled(account: Account, disabled: boolean): Account {
  const { disabled: _old, ...rest } = account;
  return disabled ? { ...rest, disabled: true } : rest;
}

export function viewOf(account: Account): AccountView {
  const { username, userId, role, fundraisers } = account;
  return { username, userId, role, ...(fundraisers ? { fundraisers } : {}), disabled: account.disabled === true };
}
