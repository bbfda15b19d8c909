// Bundles the compiled server (dist/) into a few files under bundle/cli/, which `harbour` runs.
// Why: Node spends most of a cold start resolving and loading hundreds of small ES modules
// (Fastify, Zod, Kysely, pg…); one bundle starts in about a third of the time. Export libraries
// and the web server (`harbour serve` imports it when it starts) stay separate chunks or packages,
// loaded on first use, so `harbour import` and the other commands do not compile them. Native
// addons and packages that read their own files at run time stay external.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}bundle/cli`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Same depth as dist/cli/main.js, so paths built from import.meta.url (the web app, package.json) hold.
  external: [
    'better-sqlite3',
    'argon2',
    'pg-native',
    '@fastify/swagger-ui',
    'pdfkit',
    'svg-to-pdfkit',
    'exceljs',
    'echarts',
    'xmllint-wasm',
  ],
  // CommonJS dependencies inside an ES bundle still call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __harbourRequire } from 'node:module'; const require = __harbourRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
