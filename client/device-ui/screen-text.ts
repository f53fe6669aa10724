// Messages from the domain as the device apps' screens show them. A conflict message can begin
// with the sentence of who did it ("manager (device d1) changed item waffle, but …") and a
// refusal with an id ("order o-1 already exists"): shown as a sentence, upper case first; the
// writer's UTC clock becomes this device's local time (client/shared/time.ts). People, not
// device ids, in conflicts and an order's history; and what a search found, as it is said.
import type { Actor } from '../../domain';
import { localClockTimes } from '../shared/time';

export function screenMessage(message: string, eventTime?: (eventId: string) => string | undefined): string {
  const local = localClockTimes(message, eventTime);
  return local.charAt(0).toLocaleUpperCase() + local.slice(1);
}

/** A form's messages by field, each as a sentence. */
export function screenErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, screenMessage(message)]));
}

/** "clerk tom (device dev-8504d2cdcab3)", as domain/describe.ts `who` writes it. */
const PERSON_ON_DEVICE = /\b(manager|clerk)( [A-Za-z0-9_.:@-]+)? \(device ([A-Za-z0-9_.:@-]+)\)/gi; // "Manager" begins a sentence

/**
 * A conflict message with people where it named devices: a device id means nothing to a
 * volunteer. Only where it tells something is a device still said: "on this device", or
 * "on another device" when one person wrote from two ("manager on one device … manager on
 * another device"). The conflict itself keeps the ids (its events name them).
 */
export function peopleNotDevices(message: string, thisDeviceId?: string): string {
  const devicesOf = new Map<string, string[]>();
  for (const [, role, user = '', deviceId] of message.matchAll(PERSON_ON_DEVICE)) {
    const person = `${role}${user}`.toLowerCase();
    const devices = devicesOf.get(person) ?? [];
    if (!devices.includes(deviceId!)) devices.push(deviceId!);
    devicesOf.set(person, devices);
  }
  return message.replace(PERSON_ON_DEVICE, (_whole, role: string, user = '', deviceId: string) =>
    `${role}${user}${whereWritten(deviceId, devicesOf.get(`${role}${user}`.toLowerCase())!, thisDeviceId)}`);
}

/** "" where the device tells nothing: one person, one device, not this one. */
function whereWritten(deviceId: string, personsDevices: string[], thisDeviceId: string | undefined): string {
  if (deviceId === thisDeviceId) return ' on this device';
  if (personsDevices.length < 2) return '';
  const first = !personsDevices.includes(thisDeviceId ?? '') && personsDevices[0] === deviceId;
  return first ? ' on one device' : ' on another device';
}

/** The devices each person wrote from, in order of first appearance: what tells them apart below. */
export function devicesByPerson(actors: Iterable<Actor>): Map<string, string[]> {
  const devicesOf = new Map<string, string[]>();
  for (const actor of actors) {
    const devices = devicesOf.get(personKey(actor)) ?? [];
    if (!devices.includes(actor.deviceId)) devices.push(actor.deviceId);
    devicesOf.set(personKey(actor), devices);
  }
  return devicesOf;
}

/**
 * Who wrote an order's history entry, as conflict messages name people (peopleNotDevices):
 * "manager on this device", "clerk tom", "clerk tom on another device" (one person, two
 * devices), "customer (website)". `devicesOf`: devicesByPerson of the whole history.
 */
export function historyWho(actor: Actor, devicesOf: ReadonlyMap<string, string[]>, thisDeviceId: string | undefined): string {
  if (actor.role === 'website') return 'customer (website)';
  const person = actor.userId === actor.role ? actor.role : `${actor.role} ${actor.userId}`;
  return `${person}${whereWritten(actor.deviceId, devicesOf.get(personKey(actor)) ?? [actor.deviceId], thisDeviceId)}`;
}

const personKey = (actor: Actor) => `${actor.role} ${actor.userId}`.toLowerCase();

/** What a search found, said: "3 orders match “anna”", "Showing 30 of 212 orders matching “5” — type more". */
export function matchesText(total: number, shown: number, query: string): string {
  const quoted = `“${query}”`;
  if (total === 0) return `No order matches ${quoted}.`;
  if (total > shown) return `Showing ${shown} of ${total} orders matching ${quoted} — type more.`;
  return total === 1 ? `1 order matches ${quoted}.` : `${total} orders match ${quoted}.`;
}
