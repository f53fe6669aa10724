// The club's time zone, for the times in the treasurer's CSVs. Events carry UTC instants
// (the contract's `at`); a treasurer reads local times, so the server names one IANA zone
// (TIME_ZONE) and puts it in every page it serves, and the server and a device offline write
// the same local times. Pure: Intl only (no clock, no node:*, no DOM), as it runs on both.

/** `<meta name="fundraiser-time-zone" content="Europe/Brussels">` in every served page. */
export const TIME_ZONE_META = 'fundraiser-time-zone';

/** The name as given, its case mended ("europe/brussels" → "Europe/Brussels"); undefined for a
 *  zone this runtime's Intl does not know. Not Intl's own spelling: Node's says "Asia/Calcutta"
 *  for "Asia/Kolkata", a browser may not, and the CSV's header names the zone, so the server and
 *  a device keep the one name the server was given. */
export function knownTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === trimmed.toLowerCase() ? resolved : trimmed;
  } catch {
    return undefined; // RangeError: not a time zone
  }
}

/** The zone this process or browser runs in (the server's honours TZ); UTC where none is set. */
export function environmentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A time as a spreadsheet reads it, and where on Earth it was read. */
export interface ZonedTime {
  /** "2026-11-30 23:24:08": the wall clock in the zone, the form Excel and LibreOffice take as a date-time. */
  dateTime: string;
  /** "UTC+01:00": the zone's offset at that instant (not "+01:00", which LibreOffice reads as a
   *  time of day). With it the two 02:30s of a night the clocks go back are told apart. */
  offset: string;
}

/** "2026-11-30T22:24:08.123Z" in Europe/Brussels → {dateTime: "2026-11-30 23:24:08", offset: "UTC+01:00"};
 *  undefined for a text that is not a time. Seconds are kept, milliseconds dropped. */
export function zonedTime(iso: string, timeZone: string): ZonedTime | undefined {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return undefined;
  const wall = wallClock(instant, timeZone);
  const offsetSeconds = (Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - floorToSecond(instant)) / 1000;
  // Real zones stay within ±14 h; beyond 18 h the wall clock was misread (a year before 100,
  // which Date.UTC takes as 19xx): the caller shows the instant as it was written.
  if (Math.abs(offsetSeconds) > 18 * 3600) return undefined;
  const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  return { dateTime: `${date} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`, offset: utcOffset(offsetSeconds) };
}

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: keyof WallClock) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** One formatter per zone: building one costs far more than using it, and a CSV has a row per order. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** 3600 → "UTC+01:00", 19800 → "UTC+05:30", 0 → "UTC+00:00"; seconds only where a zone has them (old local mean times). */
function utcOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const rest = abs % 60 === 0 ? '' : `:${pad(abs % 60)}`;
  return `UTC${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${rest}`;
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
