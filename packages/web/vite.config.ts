import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { isApplyKey, isFieldKey } from './src/i18n/field-keys.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * `virtual:field-catalogue/ru` is ru.json cut to the field app's messages (src/i18n/field-keys.ts),
 * each already parsed; `virtual:apply-catalogue/ru` the same for a small-grants call's public page.
 * A virtual id without `.json`, so Vite's JSON plugin leaves the generated module alone.
 */
function cutCatalogues(name: string, keep: (key: string) => boolean): Plugin {
  const prefix = `virtual:${name}-catalogue/`;
  return {
    name: `harbour-${name}-catalogues`,
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(prefix) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return null;
      const locale = id.slice(prefix.length + 1);
      if (!/^[a-z]{2}$/.test(locale)) throw new Error(`No catalogue for "${locale}"`);
      const file = here(`src/i18n/${locale}.json`);
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      // Parsed here, once, so the phone needs no message parser (the field build aliases it away).
      const field = Object.entries(all).filter(([k]) => keep(k));
      return `export default ${JSON.stringify(Object.fromEntries(field.map(([k, v]) => [k, parse(v)])))};`;
    },
  };
}

/**
 * Two builds into one dist/. `--mode field` builds the field app alone, on Preact's React-compatible
 * runtime (a tenth of React's size: the first load on a cheap phone over 3G is what matters there);
 * the default build is the console on React, and its service worker precaches both apps.
 */
const REACT_ON_PREACT = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
  // Its messages arrive parsed (fieldCatalogues): the runtime formats them without the parser.
  {
    find: /^@formatjs\/icu-messageformat-parser$/,
    replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
  },
];

export default defineConfig(({ mode }): UserConfig => {
  const field = mode === 'field';
  return {
    root: here('.'),
    base: '/',
    resolve: {
      alias: [
        { find: '@harbour/core', replacement: here('../core/src/index.ts') },
        ...(field ? REACT_ON_PREACT : []),
      ],
    },
    plugins: [
      cutCatalogues('field', isFieldKey),
      cutCatalogues('apply', isApplyKey),
      react(),
      ...(field
        ? []
        : [
            VitePWA({
              strategies: 'injectManifest',
              srcDir: 'src',
              filename: 'sw.ts',
              injectRegister: null,
              manifest: {
                name: 'Harbour',
                short_name: 'Harbour',
                description: 'Harm reduction programme work, online and offline',
                start_url: '/console/',
                scope: '/',
                display: 'standalone',
                background_color: '#ffffff',
                theme_color: '#0b4f6c',
                icons: [
                  { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
                  { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
                  { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
                ],
              },
              injectManifest: {
                // The field build runs first: its files are in dist/ when this one is precached.
                globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
                maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
              },
            }),
          ]),
    ],
    build: {
      outDir: 'dist',
      // The field build starts from an empty dist/; the console build adds to it.
      emptyOutDir: field,
      target: 'es2022',
      rollupOptions: {
        // The public page of a small-grants call is built with the field app: on Preact, small, for 3G.
        input: field
          ? { field: here('field/index.html'), apply: here('apply/index.html') }
          : { console: here('console/index.html') },
      },
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  };
});
