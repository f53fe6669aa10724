// A fundraiser's public page comes into being (contract extension): a manager names a new
// fundraiser, and the website API answers for it; renaming shows at once. Real server, port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, CLERK, device, MANAGER, startApp } from '../support/app';
import type { TestApp } from '../support/app';

let test: TestApp;
beforeAll(async () => {
  test = await startApp();
});
afterAll(() => test.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asManager = () => bearer(test.token(MANAGER));
const create = (body: unknown, headers: Record<string, string> = asManager()) => api(test, 'POST', '/api/fundraisers', body, headers);
const rename = (fid: string, body: unknown, headers: Record<string, string> = asManager()) => api(test, 'PATCH', `/api/fundraisers/${fid}`, body, headers);

describe('creating a fundraiser', () => {
  it('gives it a public page: 201, then the website reads its name and an empty, closed catalog', async () => {
    expect((await api(test, 'GET', '/api/fundraisers/waffles')).status).toBe(404);
    const created = await create({ id: 'waffles', name: '  Waffle sale  ' });
    expect(created).toMatchObject({ status: 201, body: { id: 'waffles', name: 'Waffle sale' } });
    const page = await api(test, 'GET', '/api/fundraisers/waffles');
    expect(page).toMatchObject({ status: 200, body: { id: 'waffles', name: 'Waffle sale', websiteOpen: false, items: [] } });
  });

  it('answers 409 exists for an id that has a page, and leaves its name as it was', async () => {
    const again = await create({ id: 'demo', name: 'Taken over' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'exists', issues: [{ path: 'id' }] });
    expect((await api(test, 'GET', '/api/fundraisers/demo')).body.name).toBe('Spaghetti dinner (demo)');
  });

  it('refuses a bad id, an empty name or unknown fields with 400 and the field', async () => {
    for (const [body, path] of [[{ id: 'a b', name: 'x' }, 'id'], [{ id: '..', name: 'x' }, 'id'], [{ id: '.', name: 'x' }, 'id'], [{ id: 'ok', name: ' ' }, 'name'], [{ id: 'ok', name: 'x', open: true }, '']] as const) {
      const refused = await create(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it('is a manager\'s, with a token for every fundraiser: 401 without one, 403 for a clerk or a token for some only', async () => {
    expect((await create({ id: 'x1', name: 'X' }, {})).status).toBe(401);
    expect((await create({ id: 'x1', name: 'X' }, bearer(test.token(CLERK)))).status).toBe(403);
    const someOnly = test.app.server.tokens.issue({ sub: 'mia', role: 'manager', fids: ['demo'] }).token;
    expect((await create({ id: 'x1', name: 'X' }, bearer(someOnly))).status).toBe(403);
    expect((await api(test, 'GET', '/api/fundraisers/x1')).status).toBe(404);
  });

  it('takes the events a manager\'s device syncs into it: items defined there show on its page', async () => {
    await create({ id: 'cakes', name: 'Cake sale' });
    const manager = device(test, MANAGER, 'cakes'); // its first sync sends what it holds
    const at = new Date().toISOString();
    manager.doc.getArray('replicated').push([
      { id: 'def-cake', type: 'ItemDefined', at, actor: MANAGER, data: { itemId: 'cake', name: 'Cake', priceCents: 300, stock: 20 } },
      { id: 'open-cakes', type: 'WebsiteOrderingSet', at, actor: MANAGER, data: { open: true } },
    ]);
    await expect.poll(async () => (await api(test, 'GET', '/api/fundraisers/cakes')).body, { timeout: 5_000 })
      .toMatchObject({ name: 'Cake sale', websiteOpen: true, items: [{ itemId: 'cake', available: 20 }] });
    manager.destroy();
  });
});

describe('renaming a fundraiser', () => {
  it('shows the new name on the website at once; an unknown one is 404', async () => {
    const renamed = await rename('demo', { name: 'Spaghetti dinner 2026' });
    expect(renamed).toMatchObject({ status: 200, body: { id: 'demo', name: 'Spaghetti dinner 2026' } });
    expect((await api(test, 'GET', '/api/fundraisers/demo')).body.name).toBe('Spaghetti dinner 2026');
    expect((await rename('nope', { name: 'X' })).status).toBe(404);
  });

  it('is for a manager whose token opens that fundraiser', async () => {
    expect((await rename('demo', { name: 'X' }, bearer(test.token(CLERK)))).status).toBe(403);
    const otherOnly = test.app.server.tokens.issue({ sub: 'mia', role: 'manager', fids: ['waffles'] }).token;
    expect((await rename('demo', { name: 'X' }, bearer(otherOnly))).status).toBe(403);
    const demoOnly = test.app.server.tokens.issue({ sub: 'mia', role: 'manager', fids: ['demo'] }).token;
    expect((await rename('demo', { name: 'Spaghetti dinner' }, bearer(demoOnly))).status).toBe(200);
  });
});

describe('listing fundraisers', () => {
  const list = (headers: Record<string, string>) => api(test, 'GET', '/api/fundraisers', undefined, headers);

  it('names every fundraiser with a page or a document, by name; null where only devices made it', async () => {
    const manager = device(test, MANAGER, 'door-only'); // a document, no public page
    manager.doc.getArray('replicated').push([{ id: 'door-def', type: 'ItemDefined', at: new Date().toISOString(), actor: MANAGER, data: { itemId: 'tea', name: 'Tea', priceCents: 100, stock: null } }]);
    await expect.poll(async () => (await list(asManager())).body.fundraisers?.map((f: { id: string }) => f.id), { timeout: 5_000 }).toContain('door-only');
    manager.destroy();
    const listed = await list(asManager());
    expect(listed.status).toBe(200);
    expect(listed.body.fundraisers).toEqual([
      { id: 'cakes', name: 'Cake sale' },
      { id: 'door-only', name: null },
      { id: 'demo', name: 'Spaghetti dinner' },
      { id: 'waffles', name: 'Waffle sale' },
    ]);
  });

  it('shows a clerk too, but a token for some fundraisers sees only those; 401 without a token', async () => {
    expect((await list(bearer(test.token(CLERK)))).body.fundraisers).toHaveLength(4);
    const someOnly = test.app.server.tokens.issue({ sub: 'ben', role: 'clerk', fids: ['waffles', 'nowhere'] }).token;
    expect((await list(bearer(someOnly))).body).toEqual({ fundraisers: [{ id: 'waffles', name: 'Waffle sale' }] });
    expect((await list({})).status).toBe(401);
    expect((await list(bearer('not-a-token'))).status).toBe(401);
  });

  it('marks a fundraiser archived (PATCH {archived}), and back; the website still answers for it; a PATCH must change something', async () => {
    expect((await rename('waffles', { archived: true })).body).toEqual({ id: 'waffles', name: 'Waffle sale', archived: true });
    expect((await list(asManager())).body.fundraisers).toContainEqual({ id: 'waffles', name: 'Waffle sale', archived: true });
    expect((await api(test, 'GET', '/api/fundraisers/waffles')).body).toMatchObject({ id: 'waffles', name: 'Waffle sale', archived: true }); // the website says it is over
    expect((await rename('waffles', { name: 'Waffle sale 2026' })).body).toEqual({ id: 'waffles', name: 'Waffle sale 2026', archived: true }); // a rename keeps it archived
    expect((await rename('waffles', { archived: false, name: 'Waffle sale' })).body).toEqual({ id: 'waffles', name: 'Waffle sale' });
    expect((await api(test, 'GET', '/api/fundraisers/waffles')).body).not.toHaveProperty('archived');
    for (const bad of [{}, { archived: 'yes' }, { archived: true, open: true }]) expect((await rename('waffles', bad)).status).toBe(400);
  });

  it('leaves out a damaged name record instead of failing the list', async () => {
    await test.app.server.storage.save(['fundraiser', 'garbled'], new TextEncoder().encode('{not json'));
    const listed = await list(asManager());
    expect(listed.status).toBe(200);
    expect(listed.body.fundraisers.map((f: { id: string }) => f.id)).not.toContain('garbled');
  });
});
