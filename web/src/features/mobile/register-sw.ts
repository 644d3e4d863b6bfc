// Registers the service worker (web/public/sw.js) and hands it the scripts and styles this page already
// loaded, so the app shell opens offline next time. Service workers need HTTPS except on localhost.
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      async () => {
        const reg = await navigator.serviceWorker.ready;
        const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin) && new URL(u).pathname.startsWith('/assets/'));
        reg.active?.postMessage({ type: 'cache', urls });
      },
      () => {},
    );
  });
}
