// Times as volunteers read them: "Mon 18:05:12", "30 Nov, 18:05", "3 min ago", all in this
// device's own locale and time zone (the 24-hour clock everywhere, as the order history has it).
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** The weekday within the last six days; else (an older event, or a device clock that was
 *  wrong: 2099, 1970) the date with its year, so a wrong clock does not pass for a weekday. */
export function clockTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ageMs = now - date.getTime();
  const thisWeek = ageMs > -FUTURE_SLACK_MS && ageMs < 6 * DAY_MS;
  const day: Intl.DateTimeFormatOptions = thisWeek ? { weekday: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return date.toLocaleString(undefined, { ...day, ...CLOCK, second: '2-digit' });
}

const DAY_MS = 86_400_000;
/** Two devices' clocks disagree by minutes, not by a day. */
const FUTURE_SLACK_MS = 60 * 60_000;

/** A day and a time, the month named ("11/30/2026" and "30/11/2026" read differently), with
 *  the year: a receipt or a login is looked at again months later. */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', ...CLOCK });
}

/**
 * The domain's sentences give a writer's UTC clock as "18:05 UTC [event e-42]" (it reads no
 * time zone); on a screen that becomes this device's local "19:05". `eventTime` gives the
 * event's full timestamp where known (the right day for summer time); otherwise today's.
 */
export function localClockTimes(message: string, eventTime: (eventId: string) => string | undefined = () => undefined, now = new Date()): string {
  return message.replace(/\b(\d\d):(\d\d) UTC(?=(?: \[event ([^\]]+)\])?)/g, (written, hours: string, minutes: string, eventId?: string) => {
    const full = eventId ? new Date(eventTime(eventId) ?? '') : undefined;
    const at = full && !Number.isNaN(full.getTime()) ? full : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(hours), Number(minutes)));
    return Number.isNaN(at.getTime()) ? written : at.toLocaleTimeString(undefined, CLOCK);
  });
}

export function timeAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min ago`;
}
