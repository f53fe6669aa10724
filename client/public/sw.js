// App-shell service worker for the manager and clerk apps (registered by them, scope "/").
// Pages are network-first with a cached fallback, so a reload with no network opens the app
// (its data lives in IndexedDB); hashed assets are cache-first (their names change with
// their content). On install, and after every successful page load, the page and every
// asset it names are cached, so the whole shell is there before the network goes.
// The public order page is left alone: it is not an offline app.
const CACHE = 'fundraiser-orders-shell-v1';
const SHELLS = ['/clerk', '/manager'];
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(Promise.all(SHELLS.map((path) => fetch(path, { cache: 'no-cache' }).then((r) => cacheShell(path, r)).catch(() => {}))));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const shell = shellOf(url.pathname);
  if (event.request.mode === 'navigate' && shell) event.respondWith(networkFirst(shell, event));
  else if (url.pathname.startsWith('/assets/') || /^\/[\w.-]+\.(svg|webmanifest|png)$/.test(url.pathname)) event.respondWith(cacheFirst(event.request));
});

function shellOf(pathname) {
  const path = pathname.replace(/\/+$/, '');
  return SHELLS.includes(path) ? path : undefined;
}

async function networkFirst(shell, event) {
  try {
    const response = await withTimeout(fetch(event.request), NETWORK_TIMEOUT_MS);
    if (response.ok) event.waitUntil(cacheShell(shell, response.clone()));
    return response;
  } catch {
    const cached = await caches.match(shell);
    return cached ?? new Response('Offline, and this app was never opened on this device.', { status: 503, headers: { 'content-type': 'text/plain' } });
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** Stores the page, every same-origin asset its HTML names (scripts, preloads, styles), and
 *  the assets those scripts name: a Web Worker's script (the damaged-record check) appears
 *  only inside the bundle, and the first page load fetches it before this worker controls it. */
async function cacheShell(shell, response) {
  if (!response.ok) return;
  const html = await response.clone().text();
  const cache = await caches.open(CACHE);
  await cache.put(shell, response);
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]).filter((p) => !shellOf(p));
  const named = await Promise.all(assets.map((path) => cacheAsset(cache, path)));
  await Promise.all([...new Set(named.flat())].map((path) => cacheAsset(cache, path)));
}

/** Caches one asset if not cached yet; for a script, the /assets/ paths it names. */
async function cacheAsset(cache, path) {
  const cached = await cache.match(path);
  const asset = cached ?? (await fetch(path).catch(() => undefined));
  if (!asset?.ok) return [];
  if (!cached) await cache.put(path, asset.clone());
  if (!path.endsWith('.js')) return [];
  const text = await asset.text();
  return [...text.matchAll(/\/assets\/[\w.-]+\.js/g)].map((m) => m[0]).filter((p) => p !== path);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => (clearTimeout(timer), resolve(v)), (e) => (clearTimeout(timer), reject(e)));
  });
}
