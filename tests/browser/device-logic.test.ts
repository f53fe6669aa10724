// The device layer's pure parts, in Node: the check-in search over 5,000 orders, order numbers,
// the count of local events the server does not have, and the damaged-record check's list of
// bytes seen to decode.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SearchIndex } from '../../client/device/search-index';
import { typedFundraiser } from '../../client/device/fundraiser-list';
import { nextOrderNumber, prefixUsedByOthers } from '../../client/device/order-numbers';
import { ServerState } from '../../client/device/server-state';
import { sha256Of, verifiedHashes, verifiedList } from '../../client/device/verified-records';
import { clockTime } from '../../client/shared/time';

const NAMES = ['Müller', 'Rossi', 'García', 'Smith', 'Nguyen', 'Kowalski', 'Dubois', 'Jensen'];

describe('order search (clerk and manager)', () => {
  // How fast a keystroke is over 5,000 orders is bench row 8's to measure, not a test's.
  it('finds by name without accents and by order number, exact number first, with or without its dash', () => {
    const index = new SearchIndex();
    for (let i = 1; i <= 5_000; i++) {
      index.update({ orderId: `o${i}`, orderNumber: `C7K-${i}`, customer: { name: `${NAMES[i % NAMES.length]} ${i}` } });
    }
    expect(index.search('c7k-12', 30).ids[0]).toBe('o12');
    expect(index.search('C7K12', 30).ids[0]).toBe('o12'); // as typed from a receipt's "C7K-12" without the dash
    expect(index.search('c7k12', 30).ids).toContain('o120');
    expect(index.search('muller 8', 30).ids).toContain('o8'); // accents do not matter
    expect(index.search('zzz', 30).ids).toEqual([]);
  });

  it('finds a caller by phone (as typed, or its digits run together) or by email', () => {
    const index = new SearchIndex();
    index.update({ orderId: 'o1', orderNumber: 'M4A-1', customer: { name: 'Eva Peeters', email: 'eva@example.org', phone: '0499 12 34 56' } });
    index.update({ orderId: 'o2', orderNumber: 'M4A-2', customer: { name: 'Bart', email: '', phone: '' } }); // a snapshot's empty columns
    expect(index.search('0499 12').ids).toEqual(['o1']);
    expect(index.search('04991234').ids).toEqual(['o1']);
    expect(index.search('EVA@EXAMPLE').ids).toEqual(['o1']);
    expect(index.search('bart').ids).toEqual(['o2']);
  });
});

describe('a fundraiser id typed in the manager\'s header', () => {
  it('opens one on the list also typed in other case or by its name; anything else is asked about', () => {
    const list = [{ id: 'waffles', name: 'Waffle sale' }, { id: 'demo', name: 'Spaghetti dinner' }];
    expect(typedFundraiser('waffles', list)).toEqual({ fid: 'waffles' });
    expect(typedFundraiser('Waffles', list)).toEqual({ fid: 'waffles' });
    expect(typedFundraiser('waffle sale', list)).toEqual({ fid: 'waffles' });
    expect(typedFundraiser('wafles', list)).toEqual({ unknown: 'wafles' });
  });

  it('opens an archived one too (typed, it was offered as a new one), a fundraiser still open first by name', () => {
    const list = [{ id: 'waffles-2027', name: 'Waffle sale' }, { id: 'waffles', name: 'Waffle sale', archived: true }, { id: 'fair', name: 'Summer fair', archived: true }];
    expect(typedFundraiser('waffles', list)).toEqual({ fid: 'waffles' });
    expect(typedFundraiser('Summer Fair', list)).toEqual({ fid: 'fair' });
    expect(typedFundraiser('waffle sale', list)).toEqual({ fid: 'waffles-2027' });
  });
});

describe('order numbers', () => {
  it('continue after the highest number the document holds for this prefix', () => {
    const orders = [{ orderNumber: 'C7K-3' }, { orderNumber: 'C7K-12' }, { orderNumber: 'M4A-40' }, { orderNumber: 'W-99' }];
    expect(nextOrderNumber('C7K', orders)).toBe('C7K-13');
    expect(nextOrderNumber('CXY', orders)).toBe('CXY-1');
  });

  it('notices when another device already uses the prefix', () => {
    const order = (deviceId: string) => ({ orderNumber: 'C7K-1', placedBy: { role: 'clerk' as const, userId: 'clerk', deviceId } });
    expect(prefixUsedByOthers('C7K', 'dev-a', [order('dev-a')])).toBe(false);
    expect(prefixUsedByOthers('C7K', 'dev-a', [order('dev-b')])).toBe(true);
  });
});

describe('events not on the server', () => {
  it('counts local events of `replicated` beyond the server state vector, and 0 once it covers them', () => {
    const doc = new Y.Doc();
    const replicated = doc.getArray<unknown>('replicated');
    const server = new ServerState(doc, replicated, new Map(), () => {});
    doc.transact(() => replicated.push([{ id: 'a' }, { id: 'b' }]));
    doc.transact(() => replicated.push([{ id: 'c' }]));
    expect(server.pendingCount()).toBe(3);
    server.merge(new Map([[doc.clientID, 2]]));
    expect(server.pendingCount()).toBe(1);
    server.merge(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(server.pendingCount()).toBe(0);
  });

  it('names who wrote the local events the server lacks', () => {
    const doc = new Y.Doc();
    const replicated = doc.getArray<unknown>('replicated');
    const server = new ServerState(doc, replicated, new Map(), () => {});
    const by = (userId: string) => ({ id: `e-${userId}`, actor: { role: 'clerk', userId, deviceId: 'd' } });
    doc.transact(() => replicated.push([by('anna')]));
    doc.transact(() => replicated.push([by('ben'), by('anna')]));
    expect(server.pendingAuthors()).toEqual(new Set(['clerk:anna', 'clerk:ben']));
    server.merge(new Map([[doc.clientID, 2]])); // the server has anna's first and ben's
    expect(server.pendingAuthors()).toEqual(new Set(['clerk:anna']));
    server.merge(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(server.pendingAuthors()).toEqual(new Set());
  });
});

describe('bytes seen to decode (verified-records.ts)', () => {
  it('hashes with SHA-256 and trusts only a well-formed list written by this Yjs and lib0', async () => {
    const [abc, empty] = (await sha256Of([new TextEncoder().encode('abc'), new Uint8Array([0, 0])]))!;
    expect(abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2's example
    const list = verifiedList([abc!, empty!, abc!]);
    expect(list.sha256).toEqual([abc, empty]);
    expect(verifiedHashes(structuredClone(list))).toEqual(new Set([abc, empty]));
    expect(verifiedHashes({ ...list, decoder: 'yjs@0.0.1 lib0@0.0.1' }).size).toBe(0);
    expect(verifiedHashes({ ...list, sha256: [...list.sha256, 'not a hash'] }).size).toBe(0);
    expect(verifiedHashes('not a list').size).toBe(0);
    expect(verifiedHashes(undefined).size).toBe(0);
  });
});

describe('event times in a history', () => {
  it('name the weekday within the week, and the date with its year otherwise (a wrong device clock shows)', () => {
    const now = Date.parse('2026-11-30T18:00:00Z');
    const year = (iso: string) => clockTime(iso, now).includes(iso.slice(0, 4));
    expect(year('2026-11-29T10:00:00Z')).toBe(false); // yesterday: a weekday
    expect(year('2099-12-31T23:59:59Z')).toBe(true);
    expect(year('1970-01-01T00:00:00Z')).toBe(true);
    expect(year('2026-11-20T10:00:00Z')).toBe(true); // ten days ago: a weekday would mislead
  });
});
