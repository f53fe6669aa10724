// The door's search as customers spell themselves and give their numbers, in Node: names folded
// as typed on a keyboard without ß or ø, the exact order number first, how many matched; what
// tells two orders of one name apart; conflict messages and histories that name people, not
// device ids; and what a search found, as a screen reader says it.
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../domain';
import { foldForSearch } from '../../client/device/search-fold';
import { SearchIndex } from '../../client/device/search-index';
import { contactText, sameNameNotes, shortEmail } from '../../client/device-ui/same-names';
import { devicesByPerson, historyWho, matchesText, peopleNotDevices } from '../../client/device-ui/screen-text';
import { doorListOrder } from '../../client/manager/door-list-order';

function indexOf(names: string[], phone = (_i: number) => ''): { index: SearchIndex; newestFirst: string[] } {
  const index = new SearchIndex();
  names.forEach((name, i) => index.update({ orderId: `o${i + 1}`, orderNumber: `W-${i + 1}`, customer: { name, phone: phone(i + 1) } }));
  return { index, newestFirst: names.map((_, i) => `o${names.length - i}`) };
}

describe('names as typed at the door', () => {
  it('folds letters without an accent to strip, and reads hyphens, apostrophes and dots as spaces', () => {
    expect(foldForSearch('Hans-Peter Groß')).toBe('hans peter gross');
    expect(foldForSearch('SØREN ØSTERGAARD')).toBe('soren ostergaard');
    expect(['Æbeltoft', 'Œuvre', 'Łukasz', 'Đorđe', 'Þór', 'STRAẞE', 'José'].map(foldForSearch)).toEqual(['aebeltoft', 'oeuvre', 'lukasz', 'dorde', 'thor', 'strasse', 'jose']);
    expect(foldForSearch("Seán O’Brien-Smith  Jr.")).toBe('sean o brien smith jr');
  });

  it('finds Groß, Søren Østergaard, Hans-Peter and Müller as people type them, German spelling included', () => {
    const { index } = indexOf(['Hans-Peter Groß', 'Søren Østergaard', 'Jürgen Müller', 'Karl Mueller', "Seán O'Brien"]);
    const found = (query: string) => index.search(query).ids;
    for (const query of ['gross', 'GROSS', 'groß', 'hans peter', 'Hans-Peter', 'hanspeter', 'hans peter gross']) expect(found(query), query).toEqual(['o1']);
    for (const query of ['soren', 'ostergaard', 'Søren Øster']) expect(found(query), query).toEqual(['o2']);
    expect(found('muller')).toEqual(['o3']);
    expect(found('juergen mueller')).toEqual(['o3']);
    expect(found('Mueller')).toEqual(['o3', 'o4']);
    expect(found('Müller')).toEqual(['o3', 'o4']); // typed with ü, it finds the one written "Mueller" too
    for (const query of ['obrien', "o'brien", 'O Brien']) expect(found(query), query).toEqual(['o5']);
  });

  it('puts names with a word beginning with the query before those that merely contain it', () => {
    const { index, newestFirst } = indexOf(['Anna Schmidt', 'Hannah Schwarz', 'Hannah Weber', 'Joanna Anna Berg']);
    expect(index.search('anna', 50, newestFirst).ids).toEqual(['o4', 'o1', 'o3', 'o2']); // each group newest first
  });

  it('sorts the door list as the search spells names', () => {
    const order = (name: string, orderNumber: string) => ({ orderId: orderNumber, orderNumber, customer: { name }, cancelled: false }) as OrderView;
    const sorted = doorListOrder([order('Hans Peter Zorn', 'W-1'), order('Hans-Peter Adam', 'W-2'), order('Gross', 'W-3'), order('Groß', 'W-4'), order('Grosz', 'W-5')]);
    expect(sorted.map((o) => o.customer.name)).toEqual(['Gross', 'Groß', 'Grosz', 'Hans-Peter Adam', 'Hans Peter Zorn']);
  });
});

describe('an order number given at the door', () => {
  // 221 website orders, newest first; a few callers' phones hold the digits asked for.
  const { index, newestFirst } = indexOf(Array.from({ length: 221 }, (_, i) => `Guest ${i + 1}`), (n) => (n % 50 === 0 ? `0171 12${n}` : ''));
  const search = (query: string, limit = 30) => index.search(query, limit, newestFirst);
  const numbers = (ids: string[]) => ids.map((id) => `W-${id.slice(1)}`);

  it('puts the exact number first, then numbers beginning with it, then the rest; says how many matched', () => {
    const five = search('5');
    expect(numbers(five.ids.slice(0, 11))).toEqual(['W-5', 'W-59', 'W-58', 'W-57', 'W-56', 'W-55', 'W-54', 'W-53', 'W-52', 'W-51', 'W-50']);
    expect(five.ids).toHaveLength(30);
    const containing5 = Array.from({ length: 221 }, (_, i) => i + 1).filter((n) => String(n).includes('5') || (n % 50 === 0 && `017112${n}`.includes('5')));
    expect(five.total).toBe(containing5.length);
    expect(numbers(search('21').ids.slice(0, 12))).toEqual(['W-21', 'W-219', 'W-218', 'W-217', 'W-216', 'W-215', 'W-214', 'W-213', 'W-212', 'W-211', 'W-210', 'W-221']);
    expect(numbers(search('12').ids.slice(0, 2))).toEqual(['W-12', 'W-129']); // not W-200, whose phone holds 12
    expect(search('zzz')).toEqual({ ids: [], total: 0 });
  });

  it('reads "w 213", "#213", "W-213" and "w213" as the number W-213', () => {
    for (const query of ['w 213', '#213', 'W-213', 'w213', ' W 213 ']) expect(numbers(search(query).ids), query).toEqual(['W-213']);
  });

  it('takes digits alone as the number after any prefix: every device\'s order 5', () => {
    const mixed = new SearchIndex();
    for (const orderNumber of ['M4A-15', 'C7K-51', 'C7K-5', 'W-5']) mixed.update({ orderId: orderNumber, orderNumber, customer: { name: 'x' } });
    expect(mixed.search('5').ids).toEqual(['C7K-5', 'W-5', 'C7K-51', 'M4A-15']);
    expect(mixed.search('c7k5').ids).toEqual(['C7K-5', 'C7K-51']);
  });
});

describe('two orders, one name', () => {
  const anna = (orderId: string, phone?: string, email?: string) => ({ orderId, customer: { name: 'Anna Schmidt', ...(phone ? { phone } : {}), ...(email ? { email } : {}) } });

  it('says which names results share, and what tells them apart', () => {
    expect(sameNameNotes([anna('a', '0171 1111111'), anna('b', '0171 2222222'), { orderId: 'c', customer: { name: 'Ana Schmidt' } }]))
      .toEqual(['2 orders for Anna Schmidt — check the phone or the amount']);
    expect(sameNameNotes([anna('a', undefined, 'a@x.org'), { orderId: 'b', customer: { name: 'anna schmidt', email: 'b@x.org' } }]))
      .toEqual(['2 orders for Anna Schmidt — check the email or the amount']);
    expect(sameNameNotes([anna('a'), anna('b')])).toEqual(['2 orders for Anna Schmidt — check the amount and what was ordered, or ask for the order number']);
    expect(sameNameNotes([anna('a')])).toEqual([]);
  });

  it('shows the phone and a shortened email on the card', () => {
    expect(contactText({ name: 'Anna', phone: '0171 1111111', email: 'anna@example.org' })).toBe('0171 1111111 · anna@example.org');
    expect(contactText({ name: 'Anna' })).toBe('');
    expect(shortEmail('anna.schmidt.private@example.org')).toBe('anna.schmidt.…@example.org');
    expect(shortEmail('anna@a-very-long-company-domain.example.org')).toBe('anna@a-very-long-company-…');
  });
});

describe('conflict messages on a device', () => {
  it('name people, not device ids; a device only where one person wrote from two, or it is this one', () => {
    const paid = 'Order W-212 (Zoë Martin) has 31.50 paid (taken by manager (device dev-8504d2cdcab3) and clerk (device dev-906596de8254)) but it only costs 26.50.';
    expect(peopleNotDevices(paid, 'dev-other')).toBe('Order W-212 (Zoë Martin) has 31.50 paid (taken by manager and clerk) but it only costs 26.50.');
    expect(peopleNotDevices(paid, 'dev-906596de8254')).toContain('taken by manager and clerk on this device)');
    const twice = 'Order C7K-3: clerk tom (device d1) checked it in at 18:05; then clerk tom (device d2) took a cash payment of 5.00 at 18:06, not having seen it.';
    expect(peopleNotDevices(twice)).toBe('Order C7K-3: clerk tom on one device checked it in at 18:05; then clerk tom on another device took a cash payment of 5.00 at 18:06, not having seen it.');
    expect(peopleNotDevices(twice, 'd2')).toContain('clerk tom on another device checked it in at 18:05; then clerk tom on this device took');
    expect(peopleNotDevices('Manager (device d1) changed item waffle, but no item waffle exists.')).toBe('Manager changed item waffle, but no item waffle exists.');
  });

  it('an order history says who as they do: "this device", another device only where one person used two, the website as such', () => {
    const actors = [
      { role: 'website', userId: 'website', deviceId: 'srv-1' },
      { role: 'clerk', userId: 'tom', deviceId: 'd1' },
      { role: 'clerk', userId: 'tom', deviceId: 'd2' },
      { role: 'clerk', userId: 'clerk', deviceId: 'd3' },
      { role: 'manager', userId: 'manager', deviceId: 'd9' },
    ] as const;
    const devicesOf = devicesByPerson(actors);
    expect(actors.map((actor) => historyWho(actor, devicesOf, 'd9'))).toEqual(['customer (website)', 'clerk tom on one device', 'clerk tom on another device', 'clerk', 'manager on this device']);
    expect(actors.map((actor) => historyWho(actor, devicesOf, 'd2'))).toEqual(['customer (website)', 'clerk tom on another device', 'clerk tom on this device', 'clerk', 'manager']);
  });
});

describe('a search result, said to a screen reader', () => {
  it('counts the matches, and says when not all are shown', () => {
    expect(matchesText(0, 0, 'xyz')).toBe('No order matches “xyz”.');
    expect(matchesText(1, 1, 'W-5')).toBe('1 order matches “W-5”.');
    expect(matchesText(3, 3, 'anna')).toBe('3 orders match “anna”.');
    expect(matchesText(212, 30, 'a')).toBe('Showing 30 of 212 orders matching “a” — type more.');
  });
});
