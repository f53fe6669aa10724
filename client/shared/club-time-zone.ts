// The club's time zone (the server's TIME_ZONE, read from the page: sync-server/shared/time-zone.ts),
// for what must read the same on every device and on the server: the treasurer's CSVs. The screens
// keep the device's own zone (time.ts), where a volunteer reads the clock on the wall.
import { TIME_ZONE_META, environmentTimeZone, knownTimeZone } from '../../sync-server/shared/time-zone';

let pageTimeZone: string | undefined;

/** The zone the page was served with; this browser's own where none is named (a page cached
 *  before the server named one, the dev server without TIME_ZONE) or it names one this browser
 *  does not know. */
export function clubTimeZone(): string {
  return (pageTimeZone ??= timeZoneOfPage());
}

function timeZoneOfPage(): string {
  const named = typeof document === 'undefined' ? null : document.querySelector(`meta[name="${TIME_ZONE_META}"]`)?.getAttribute('content');
  return (named ? knownTimeZone(named) : undefined) ?? environmentTimeZone();
}
