// Who is logged in on this device. The token is kept in localStorage so the app opens with no
// network; an expired token never blocks local work: events are written with the stored
// userId, and the app asks for a new login only to sync.
import { z } from 'zod';
import { postJson, requestJson } from '../shared/api';
import { STORAGE_PREFIX, readStored, removeStored, writeStored } from './stored';

export const Session = z.object({
  token: z.string().min(1),
  role: z.enum(['manager', 'clerk']),
  userId: z.string().min(1).max(64),
  expiresAt: z.string(),
});
export type Session = z.infer<typeof Session>;

const KEY = `${STORAGE_PREFIX}:session`;

export function loadSession(): Session | undefined {
  return readStored(KEY, Session);
}

export async function logIn(username: string, password: string): Promise<Session> {
  const session = await requestJson(Session, '/api/login', postJson({ username, password }));
  writeStored(KEY, session);
  return session;
}

/** Forgets the login here, and asks the server to end it (if it is reachable: offline, the
 *  token stays valid until it expires). Other tabs follow (onSessionChange). */
export function logOut(): void {
  const session = loadSession();
  removeStored(KEY);
  if (!session) return;
  const ending = fetch('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` }, keepalive: true });
  ending.catch(() => undefined);
}

/**
 * Calls `changed` with the login when another tab logs in or out (the storage event fires only
 * in the other tabs of the origin): a tablet handed on must not keep working, and syncing, as
 * the last person in a tab left open.
 */
export function onSessionChange(changed: (session: Session | undefined) => void): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key === KEY || event.key === null) changed(loadSession());
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

export function isExpired(session: Session, nowMs = Date.now()): boolean {
  const expires = Date.parse(session.expiresAt);
  return Number.isNaN(expires) || expires <= nowMs;
}

const Claims = z.object({ fids: z.array(z.string()).optional() }).loose();

/**
 * Whether the token names `fid` among the fundraisers it may open (no list: any). Read from
 * the token's own body, only to say so before syncing: the server decides (4403).
 */
export function mayOpen(session: Session, fid: string): boolean {
  try {
    const body = session.token.split('.')[0]!.replaceAll('-', '+').replaceAll('_', '/');
    const claims = Claims.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)))));
    return !claims.success || claims.data.fids === undefined || claims.data.fids.includes(fid);
  } catch {
    return true; // not a token this app can read: the server will say
  }
}
