// The club's time zone (TIME_ZONE): checked at start, named in every served page (where the
// manager app reads it for a CSV built offline), and the zone of both CSVs' times, written as
// a spreadsheet reads a date-time, with the offset of that instant beside it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, type Command } from '../../domain';
import { configFromEnv } from '../../sync-server/config';
import { pageHead, timeZoneMetaTag } from '../../sync-server/page-head';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { ordersCsv } from '../../sync-server/shared/orders-csv';
import { paymentsCsv } from '../../sync-server/shared/payments-csv';
import { knownTimeZone, zonedTime } from '../../sync-server/shared/time-zone';
import { DEFAULT_CURRENCY } from '../../sync-server/shared/currency';
import { MANAGER, device, startApp, until, type Device, type TestApp } from '../support/app';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

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

  it('is the zone named, or else the server\'s own (TZ); an unknown one is refused naming the variable', () => {
    expect(config({ TIME_ZONE: 'Asia/Kolkata' })).toBe('Asia/Kolkata');
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(config({})).toBe('America/New_York');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const bad = configFromEnv({ TIME_ZONE: 'Europe/Brusels' });
    expect(!bad.ok && bad.message).toMatch(/TIME_ZONE: "Europe\/Brusels" is not a time zone this server knows/);
  });

  it('stops `npm start`\'s server with that message and exit code 1', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-tz-'));
    const started = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
      cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SERVE_DIST: '0', TIME_ZONE: 'Mars/Olympus' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    // A server that starts anyway says so on stdout: stopped here, so the test fails rather than waits.
    started.stdout.on('data', (chunk: Buffer) => void (chunk.toString().includes('is running') && started.kill()));
    const code = await new Promise<number | null>((resolve) => started.on('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/invalid configuration:\n {2}TIME_ZONE: "Mars\/Olympus" is not a time zone/);
  });

  it('goes into a page\'s head beside the currency, escaped', () => {
    expect(timeZoneMetaTag('Europe/Brussels')).toBe('<meta name="fundraiser-time-zone" content="Europe/Brussels">');
    expect(timeZoneMetaTag('"<&')).toBe('<meta name="fundraiser-time-zone" content="&quot;&lt;&amp;">');
    expect(pageHead(DEFAULT_CURRENCY, 'UTC')).toBe('<meta name="fundraiser-currency" content="EUR" data-symbol="€"><meta name="fundraiser-time-zone" content="UTC">');
  });
});

function config(env: Record<string, string>): string | undefined {
  const parsed = configFromEnv(env);
  return parsed.ok ? parsed.config.timeZone : undefined;
}

describe('a server in Brussels (TIME_ZONE=Europe/Brussels)', () => {
  const closing: (() => unknown)[] = [];
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
  });

  it('names the zone in every page, and writes both CSVs in it, byte for byte as a device builds them', async () => {
    const test = await startApp({ timeZone: 'Europe/Brussels', distDir: pagesDir() });
    closing.push(() => test.close());
    for (const page of ['/order/demo', '/manager', '/clerk']) {
      expect(await (await fetch(`${test.url}${page}`)).text()).toContain('<meta name="fundraiser-time-zone" content="Europe/Brussels"></head>');
    }
    const manager = device(test, MANAGER);
    closing.push(() => manager.destroy());
    const { projection } = attachProjection(manager.doc);
    await until(manager.doc, () => projection.items().length > 0);
    // Booked at 23:24 in Brussels; paid after midnight, the next day there (still the 30th in UTC).
    write(manager, projection, { type: 'PlaceOrder', orderId: 'tz-1', orderNumber: 'TZ-1', customer: { name: 'Late Lena' }, lines: [{ itemId: 'lemonade', quantity: 2 }] }, '2026-11-30T22:24:08.123Z');
    write(manager, projection, { type: 'RecordPayment', orderId: 'tz-1', paymentId: 'tz-p1', amountCents: 500, method: 'cash' }, '2026-11-30T23:05:00.000Z');

    // The payment is applied after the order (one connection, in order): once it is in, both are.
    const payments = await csvOnceItHas(test, 'payments', 'tz-p1');
    expect(payments.split('\r\n')[0]).toMatch(/^\uFEFFrecorded at \(Europe\/Brussels\),offset,order number,/);
    expect(payments).toContain('\r\n2026-12-01 00:05:00,UTC+01:00,TZ-1,tz-1,tz-p1,payment,cash,5.00,manager,');
    const orders = await csvOnceItHas(test, 'orders', 'TZ-1,');
    const header = orders.split('\r\n')[0]!.split(',');
    expect(header.slice(-4)).toEqual(['placed at (Europe/Brussels)', 'offset', 'placed by', 'note']);
    expect(orders).toContain(',2026-11-30 23:24:08,UTC+01:00,manager,');

    // What the manager app builds offline from its own copy, in the zone its page names.
    const names = (itemId: string) => projection.item(itemId)?.name;
    expect(ordersCsv(projection.orders(), { timeZone: 'Europe/Brussels', itemName: names })).toBe(orders);
    expect(paymentsCsv(projection.orders(), 'Europe/Brussels')).toBe(payments);
  });
});

/** Built pages as the server would find them under dist/ (only their heads matter here). */
function pagesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-dist-'));
  for (const page of ['order', 'manager', 'clerk']) fs.writeFileSync(path.join(dir, `${page}.html`), `<html><head><title>${page}</title></head><body></body></html>`);
  return dir;
}

function write(on: Device, projection: Parameters<typeof decide>[1], command: Command, at: string): void {
  const decided = decide(command, projection, { eventId: `${command.type}-${at}`, at, actor: MANAGER });
  if (!decided.ok) throw new Error(decided.error.message);
  on.doc.transact(() => on.doc.getArray('replicated').push(decided.events));
}

/** The CSV's bytes as sent (fetch's text() would drop the byte order mark), once the server has applied `marker`. */
async function csvOnceItHas(test: TestApp, name: 'orders' | 'payments', marker: string): Promise<string> {
  const read = async () => {
    const response = await fetch(`${test.url}/api/fundraisers/demo/${name}.csv`, { headers: { authorization: `Bearer ${test.token(MANAGER)}` } });
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  };
  await expect.poll(read).toContain(marker);
  return read();
}
