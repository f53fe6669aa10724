// Every Yjs transaction on a server document carries one of these as its origin, so that
// each observer can tell who wrote a change and each writer can ignore its own.

export type TxOrigin =
  /** Replaying the stored log into a freshly loaded room. */
  | { readonly kind: 'load' }
  /** An update from a device's sync connection, after it was checked and stored. */
  | { readonly kind: 'device'; readonly connId: number; readonly userId: string }
  /** Events the server appended to `website` for an accepted HTTP command. */
  | { readonly kind: 'server-website' }
  /** Events the server appended to `replicated` itself (seeding a fundraiser, as a manager). */
  | { readonly kind: 'seed' }
  /** Updates another server process stored (shared PostgreSQL), pulled from storage by sequence. */
  | { readonly kind: 'remote' };

export const LOAD_ORIGIN: TxOrigin = Object.freeze({ kind: 'load' });
export const WEBSITE_ORIGIN: TxOrigin = Object.freeze({ kind: 'server-website' });
export const SEED_ORIGIN: TxOrigin = Object.freeze({ kind: 'seed' });
export const REMOTE_ORIGIN: TxOrigin = Object.freeze({ kind: 'remote' });

export function isTxOrigin(value: unknown): value is TxOrigin {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'load' || kind === 'device' || kind === 'server-website' || kind === 'seed' || kind === 'remote';
}
