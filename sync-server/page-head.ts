// What the server puts into the head of every page it serves (static.ts; in dev, the Vite plugin
// in vite.config.ts): the club's currency and time zone, which the apps read from there, so a
// device that starts offline has them from its cached page; and the sync heartbeat's interval,
// for the apps' link watchdog (client/device/link-watchdog.ts; the default where a page lacks it).
import { CURRENCY_META, type Currency } from './shared/currency';
import { TIME_ZONE_META } from './shared/time-zone';
import { HEARTBEAT_META } from './shared/protocol';

/** `heartbeatMs`: left out where not given (the dev server's pages: the apps take the default). */
export function pageHead(currency: Currency, timeZone: string, heartbeatMs?: number): string {
  const heartbeat = heartbeatMs === undefined ? '' : `<meta name="${HEARTBEAT_META}" content="${Math.round(heartbeatMs)}">`;
  return heartbeat + currencyMetaTag(currency, CURRENCY_META) + timeZoneMetaTag(timeZone);
}

/** `<meta name="fundraiser-currency" content="GBP" data-symbol="£">`, its values escaped for an attribute. */
export function currencyMetaTag(currency: Currency, metaName: string): string {
  return `<meta name="${metaName}" content="${attribute(currency.code)}" data-symbol="${attribute(currency.symbol)}">`;
}

/** `<meta name="fundraiser-time-zone" content="Europe/Brussels">`. */
export function timeZoneMetaTag(timeZone: string): string {
  return `<meta name="${TIME_ZONE_META}" content="${attribute(timeZone)}">`;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
