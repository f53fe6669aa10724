// Every Yjs transaction this app makes carries a typed origin, so each listener can tell its
// own writes from others' (y-indexeddb and the websocket provider use themselves as origins).

/** A command decided on this device and appended to `replicated`. */
export interface CommandOrigin {
  readonly kind: 'command';
  readonly deviceId: string;
  readonly command: string;
}

export function commandOrigin(deviceId: string, command: string): CommandOrigin {
  return { kind: 'command', deviceId, command };
}

export function isCommandOrigin(origin: unknown): origin is CommandOrigin {
  return typeof origin === 'object' && origin !== null && (origin as { kind?: unknown }).kind === 'command';
}

/** Another tab of this app, on this device, wrote it (tab-sync.ts). */
export interface TabOrigin {
  readonly kind: 'tab';
}

export const TAB_ORIGIN: TabOrigin = Object.freeze({ kind: 'tab' });
