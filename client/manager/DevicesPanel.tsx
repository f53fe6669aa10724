// The manager's list of device sessions — who logged in, as what, until when — with a Revoke
// button for a lost or stolen phone (contract extension: GET /api/devices and
// POST /api/devices/<jti>/revoke, docs/RELIABILITY.md). Online only.
import { For, Show, createResource, createSignal } from 'solid-js';
import { z } from 'zod';
import { useFundraiser } from '../device/context';
import { postJson, requestJson } from '../shared/api';
import { dateTime, timeAgo } from '../shared/time';

const DeviceSession = z.object({
  jti: z.string(), userId: z.string(), role: z.string(), issuedAt: z.string(), expiresAt: z.string(),
  revokedAt: z.string().optional(), revokedBy: z.string().optional(),
  lastSeen: z.object({ at: z.string(), fid: z.string() }).optional(), connected: z.boolean().optional(),
});
type DeviceSession = z.infer<typeof DeviceSession>;

export function DevicesPanel() {
  const store = useFundraiser();
  const auth = () => ({ authorization: `Bearer ${store.session().token}` });
  const [version, setVersion] = createSignal(0);
  const [fetchedAt, setFetchedAt] = createSignal(Date.now());
  const [devices] = createResource(version, () => (setFetchedAt(Date.now()), requestJson(z.object({ devices: z.array(DeviceSession) }), '/api/devices', { headers: auth() })));
  const [problem, setProblem] = createSignal<string>();
  const own = tokenId(store.session().token);

  async function revoke(device: DeviceSession) {
    if (!confirm(`Sign out ${device.role} ${device.userId} (logged in ${dateTime(device.issuedAt)})? Changes on that device not yet synced will not reach the server.`)) return;
    try {
      await requestJson(z.object({ device: DeviceSession }), `/api/devices/${encodeURIComponent(device.jti)}/revoke`, postJson({}, auth()));
      setProblem(undefined);
      setVersion(version() + 1);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Revoking failed.');
    }
  }

  return (
    <section class="card devices">
      <h2>Devices</h2>
      <p class="hint">Every login is a device session. Revoke one for a lost or stolen phone: it is signed out at once and can no longer sync or read. To keep a person out, disable their account (or give them a new password) in the Accounts tab: that signs out all their devices at once.</p>
      <p class="hint">"Last connected" is when that device last opened or closed a sync connection (a clerk's Sync now), to within half a minute, or "connected now" while it is connected to this server: a door tablet that has not synced for hours holds changes the others do not see yet. <button type="button" class="link" onClick={() => setVersion(version() + 1)}>Refresh</button></p>
      <Show when={problem()}><p class="notice error">{problem()}</p></Show>
      <Show when={!devices.error} fallback={<p class="notice error">Could not load the devices: {(devices.error as Error)?.message}</p>}>
        <div class="table-scroll"><table class="devices-table stack-table">
          <thead><tr><th>User</th><th>Role</th><th>Logged in</th><th>Last connected</th><th>Until</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            <For each={devices()?.devices ?? []}>{(device) => (
              <tr data-user={device.userId} data-status={device.revokedAt ? 'revoked' : 'active'}>
                <td class="stack-head">{device.userId}{device.jti === own ? ' (this device)' : ''}</td>
                <td data-label="Role">{device.role}</td>
                <td data-label="Logged in">{dateTime(device.issuedAt)}</td>
                <td class="last-seen" data-label="Last connected">{lastConnected(device, fetchedAt())}</td>
                <td data-label="Until">{dateTime(device.expiresAt)}</td>
                <td>
                  <Show when={!device.revokedAt} fallback={<span class="hint">Revoked by {device.revokedBy}</span>}>
                    <button type="button" class="secondary" onClick={() => void revoke(device)}>Revoke</button>
                  </Show>
                </td>
              </tr>
            )}</For>
          </tbody>
        </table></div>
      </Show>
    </section>
  );
}

/** The `jti` of our own token, to mark this device in the list; undefined when unreadable. */
function tokenId(token: string): string | undefined {
  try {
    const body = token.split('.')[0]!.replaceAll('-', '+').replaceAll('_', '/');
    const parsed = z.object({ jti: z.string() }).safeParse(JSON.parse(atob(body)));
    return parsed.success ? parsed.data.jti : undefined;
  } catch {
    return undefined;
  }
}

function lastConnected(device: DeviceSession, now: number): string {
  if (!device.lastSeen) return device.connected ? 'connected now' : 'not yet';
  return device.connected ? `connected now · ${device.lastSeen.fid}` : `${timeAgo(Date.parse(device.lastSeen.at), now)} · ${device.lastSeen.fid}`;
}

