// The club's time zone: an instant as the club's wall clock shows it, with the offset of that
// instant beside it (sync-server/shared/time-zone.ts, shared by the server and the manager app).
import { describe, expect, it } from 'vitest';
import { knownTimeZone, zonedTime } from '../../sync-server/shared/time-zone';

describe('zonedTime: an instant as the club\'s wall clock shows it, with its offset', () => {
  it('is an hour ahead in a Brussels winter and two in its summer', () => {
    expect(zonedTime('2026-11-30T22:24:08.123Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-11-30 23:24:08', offset: 'UTC+01:00' });
    expect(zonedTime('2026-07-01T18:05:00.000Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-07-01 20:05:00', offset: 'UTC+02:00' });
  });

  it('moves to the next day where the zone is past midnight, half an hour included (Asia/Kolkata)', () => {
    expect(zonedTime('2026-11-30T22:24:08.123Z', 'Asia/Kolkata')).toEqual({ dateTime: '2026-12-01 03:54:08', offset: 'UTC+05:30' });
    expect(zonedTime('2026-11-30T22:24:08.123Z', 'America/St_Johns')).toEqual({ dateTime: '2026-11-30 18:54:08', offset: 'UTC-03:30' });
  });

  it('is the instant itself in UTC, from any offset it was written with', () => {
    expect(zonedTime('2026-11-30T22:24:08.999Z', 'UTC')).toEqual({ dateTime: '2026-11-30 22:24:08', offset: 'UTC+00:00' });
    expect(zonedTime('2026-11-30T23:24:08+01:00', 'UTC')).toEqual({ dateTime: '2026-11-30 22:24:08', offset: 'UTC+00:00' });
  });

  it('takes the offset at that instant across a DST change: the hour skipped in spring, the hour lived twice in autumn', () => {
    expect(zonedTime('2026-03-29T00:59:59.999Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-03-29 01:59:59', offset: 'UTC+01:00' });
    expect(zonedTime('2026-03-29T01:00:00.000Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-03-29 03:00:00', offset: 'UTC+02:00' });
    // 02:30 twice on 25 October: only the offset tells the first from the second.
    expect(zonedTime('2026-10-25T00:30:00.000Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-10-25 02:30:00', offset: 'UTC+02:00' });
    expect(zonedTime('2026-10-25T01:30:00.000Z', 'Europe/Brussels')).toEqual({ dateTime: '2026-10-25 02:30:00', offset: 'UTC+01:00' });
  });

  it('is undefined for a text that is not a time (the CSV then keeps it as written)', () => {
    expect(zonedTime('not a time', 'UTC')).toBeUndefined();
  });
});

describe('TIME_ZONE', () => {
  it('knows IANA names, their case mended, and nothing else', () => {
    expect(knownTimeZone(' europe/brussels ')).toBe('Europe/Brussels');
    expect(knownTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata'); // not Node's "Asia/Calcutta": a browser may say the other
    expect(knownTimeZone('Mars/Olympus')).toBeUndefined();
    expect(knownTimeZone('')).toBeUndefined();
  });
});
