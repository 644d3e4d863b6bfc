// 枫桥 service worker (hand-written, no libraries): keeps the app shell so the grid workers' phone app
// (/m) opens and works without network. Pages: network first, the cached shell when offline. Built assets
// (/assets/*, hashed names): cache first, added as they load. The API is never cached here — what the app
// makes offline waits in IndexedDB (features/mobile/outbox.ts) and is sent with Idempotency-Keys.
const CACHE = 'fq-shell-v1';
const SHELL = ['/', '/m', '/manifest.webmanifest', '/icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

// the page tells us which scripts and styles it loaded before we controlled it
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'cache' && Array.isArray(event.data.urls))
    event.waitUntil(caches.open(CACHE).then((c) => Promise.all(event.data.urls.map((u) => c.add(u).catch(() => undefined)))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) caches.open(CACHE).then((c) => c.put(url.pathname === '/m' ? '/m' : '/', res.clone()));
          return res;
        })
        .catch(() => caches.match(url.pathname.startsWith('/m') ? '/m' : '/').then((r) => r || caches.match('/'))),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
  }
});
