// Messages from the domain as the device apps' screens show them. A conflict message can begin
// with the sentence of who did it ("manager (device d1) changed item waffle, but …") and a
// refusal with an id ("order o-1 already exists"): shown as a sentence, upper case first; the
// writer's UTC clock becomes this device's local time (client/shared/time.ts).
import { localClockTimes } from '../shared/time';

export function screenMessage(message: string, eventTime?: (eventId: string) => string | undefined): string {
  const local = localClockTimes(message, eventTime);
  return local.charAt(0).toLocaleUpperCase() + local.slice(1);
}

/** A form's messages by field, each as a sentence. */
export function screenErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, screenMessage(message)]));
}
