// This device: a stable id (persisted in localStorage, named in every event it writes) and a
// short code that, with the role's letter, prefixes its order numbers ("C7K-12").
import { z } from 'zod';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

export type DeviceRole = 'manager' | 'clerk';

export interface DeviceIdentity {
  deviceId: string;
  /** Two characters from an alphabet without look-alikes (no 0/O, 1/I). */
  code: string;
}

const KEY = `${STORAGE_PREFIX}:device`;
const CODE_ALPHABET = 'ACDEFHJKLMNPRTUVWXY34679';
const StoredIdentity = z.object({ deviceId: z.string().regex(/^dev-[a-z0-9]{8,32}$/), code: z.string().regex(/^[A-Z0-9]{2}$/) });

export function loadDeviceIdentity(): DeviceIdentity {
  const stored = readStored(KEY, StoredIdentity);
  if (stored) return stored;
  const identity = { deviceId: `dev-${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`, code: randomCode() };
  writeStored(KEY, identity);
  return identity;
}

/** Picks another code once this one turns out to be used by another device (see order-numbers.ts). */
export function rerollDeviceCode(identity: DeviceIdentity): DeviceIdentity {
  const next = { ...identity, code: randomCode() };
  writeStored(KEY, next);
  return next;
}

export function orderPrefix(role: DeviceRole, identity: DeviceIdentity): string {
  return `${role === 'manager' ? 'M' : 'C'}${identity.code}`;
}

function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
