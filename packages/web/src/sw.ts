/// <reference lib="webworker" />
/** The service worker: caches the app shell (never API data) so the field app starts with no network. */

import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const page = (url: string) => {
  try {
    return createHandlerBoundToURL(url);
  } catch {
    return null;
  }
};

// Every console, field or call page URL opens its page from the cache; /api is never cached.
for (const [prefix, html] of [
  ['/console', '/console/index.html'],
  ['/field', '/field/index.html'],
  ['/apply', '/apply/index.html'],
] as const) {
  const handler = page(html);
  if (handler) registerRoute(new NavigationRoute(handler, { allowlist: [new RegExp(`^${prefix}(/|$)`)] }));
}

self.addEventListener('install', () => {
  void self.skipWaiting();
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
