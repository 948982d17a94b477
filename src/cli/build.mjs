#!/usr/bin/env node
/**
 * Builds the engine's plain-Node programs into out/node, each one bundled JavaScript file, so that
 * nothing compiles TypeScript when they run:
 *   suanpan.cjs      the `suanpan` command line (src/cli/suanpan.mjs runs it): a small loader
 *                    that runs cli.cjs, the bundle of src/cli/main.ts, through V8's code cache
 *   serve.mjs        the browser-mode host (src/host/serve.ts; `npm run serve`, and `npm start`
 *                    where Electron cannot be had)
 *   eodWorker.cjs    the end-of-day worker thread (src/eod/worker.ts)
 *   noticeWorker.cjs the notice batch's worker thread (src/documents/noticeWorker.ts)
 * The engine looks for its workers beside its own file under these names (src/eod/run.ts,
 * src/documents/noticeBatch.ts), as it does in the Electron build (out/main), and for the shipped
 * font at ../../resources, which from out/node is the package root's resources/ again.
 *
 * `npm ci` runs this (the `prepare` script), and so does `npm run build`. From a checkout, the
 * command line and the workers' source shims call ensureBuilt(), which rebuilds when a source file
 * the bundles were made from has changed since: an edit to the engine is never run stale.
 *
 * Kept outside the bundles: better-sqlite3 (a native module) and pdfkit (it reads its font metrics
 * from its own folder at run time). Both are loaded on first use rather than at start-up, so a
 * command that opens no book and prints no PDF (`suanpan schedule`) loads neither: most of a cold
 * start is loading code, and these two are a good part of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const outDir = join(root, 'out', 'node');
const manifestFile = join(outDir, 'inputs.json');
const self = fileURLToPath(import.meta.url);

/** What is built, from where; `entry` is a file under src/ or, for the command line, a stub. */
const PROGRAMS = [
  {
    out: 'cli.cjs',
    format: 'cjs',
    // main.ts exports main(); the command runs it. CommonJS has no top-level await, hence then().
    stdin: {
      contents: "import { main } from './main';\nvoid main(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n",
      resolveDir: join(root, 'src', 'cli'),
      sourcefile: 'suanpan-entry.ts',
      loader: 'ts',
    },
  },
  // The host awaits at top level, so it stays an ES module.
  { out: 'serve.mjs', format: 'esm', entry: 'src/host/serve.ts' },
  { out: 'eodWorker.cjs', format: 'cjs', entry: 'src/eod/worker.ts' },
  { out: 'noticeWorker.cjs', format: 'cjs', entry: 'src/documents/noticeWorker.ts' },
];

export const outputs = [...PROGRAMS.map((p) => join(outDir, p.out)), join(outDir, 'suanpan.cjs')];

/**
 * The command line's loader. Compiling the bundle is a good part of a cold start, and Node 20 keeps
 * no compile cache of its own (module.enableCompileCache is Node 22), so this keeps V8's: the
 * first run writes cli.<hash>.v8cache beside the bundle (again whenever V8 refuses it: another
 * Node version or flags), later runs start from it. The hash names this build's bundle: V8 checks
 * a cache against its source's length only, so a cache is never read for another build.
 */
const loader = (cacheName) => `'use strict';
// Made by src/cli/build.mjs: runs cli.cjs, the bundled command line, from V8's code cache.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
const file = join(__dirname, 'cli.cjs');
const cacheFile = join(__dirname, ${JSON.stringify(cacheName)});
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // first run of this build: the cache is written on exit
}
const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
if (!cachedData || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      const temp = cacheFile + '.' + process.pid + '.tmp';
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // a read-only install runs without the cache
    }
  });
}
const cli = { exports: {}, id: file, filename: file, loaded: false };
script.runInThisContext().call(cli.exports, cli.exports, createRequire(file), cli, file, __dirname);
`;

/**
 * better-sqlite3, pdfkit and pg stay external, and are required on first use: the bundle's import of
 * any becomes a stand-in whose `new X(...)`, or any property read, loads the real module. The
 * engine uses them only as `new Database(...)`, `new PDFDocument(...)` and `pg.Pool`, `pg.types` (plus types).
 */
const lazyExternals = {
  name: 'lazy-externals',
  setup(build) {
    build.onResolve({ filter: /^(better-sqlite3|pdfkit|pg)$/ }, (args) =>
      args.namespace === 'lazy-external' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-external' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-external' }, (args) => ({
      loader: 'js',
      resolveDir: root,
      contents: [
        "import { createRequire } from 'node:module';",
        'let real;',
        `const load = () => (real ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));`,
        'export default new Proxy(function () {}, {',
        '  construct: (_, args) => new (load())(...args),',
        '  apply: (_, self, args) => load().apply(self, args),',
        '  get: (_, key) => load()[key],',
        '  has: (_, key) => key in load(),',
        '});',
      ].join('\n'),
    }));
  },
};

/**
 * zod's namespace re-exports every one of its ~50 message locales (`z.locales`), which the bundler
 * cannot drop; they are a third of the bundle and most of its compile time. The engine's messages
 * come from its own catalog (src/errors.ts), never from zod's locales: keep English (zod's default)
 * and Chinese, leave out the rest.
 */
const zodLocales = {
  name: 'zod-locales',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      loader: 'js',
      contents: "export { default as en } from './en.js';\nexport { default as zhCN } from './zh-CN.js';\n",
    }));
  },
};

/** Builds every program into out/node; returns the milliseconds it took. */
export async function buildNode() {
  const { build } = await import('esbuild');
  const started = Date.now();
  const inputs = new Set([relative(root, self)]);
  const files = [];
  await Promise.all(
    PROGRAMS.map(async (program) => {
      const result = await build({
        absWorkingDir: root,
        ...(program.entry ? { entryPoints: [join(root, program.entry)] } : { stdin: program.stdin }),
        outfile: join(outDir, program.out),
        bundle: true,
        platform: 'node',
        target: 'node20.19',
        format: program.format,
        // A CommonJS bundle has no import.meta: the engine's file-relative paths (its workers, the
        // font) take the bundle's own URL instead.
        ...(program.format === 'cjs'
          ? { define: { 'import.meta.url': '__suanpanBundleUrl' }, banner: { js: "var __suanpanBundleUrl = require('node:url').pathToFileURL(__filename).href;" } }
          : { banner: { js: "import { createRequire as __suanpanRequire } from 'node:module';\nconst require = __suanpanRequire(import.meta.url);" } }),
        plugins: [lazyExternals, zodLocales],
        // Less to parse at start-up; names are kept as written, so stack traces still read.
        minifyWhitespace: true,
        minifySyntax: true,
        sourcemap: 'linked',
        metafile: true,
        write: false,
        logLevel: 'warning',
      });
      for (const input of Object.keys(result.metafile.inputs)) {
        // Packages change only by installing, which runs this again (`prepare`); the command line's
        // entry stub is no file.
        if (!input.includes('node_modules') && existsSync(join(root, input))) inputs.add(input);
      }
      files.push(...result.outputFiles);
    }),
  );
  mkdirSync(outDir, { recursive: true });
  // Each file is written whole and then renamed over the old one, so a command starting meanwhile
  // reads either build, never half of one.
  for (const file of files) writeWhole(file.path, file.contents);
  const cli = files.find((file) => file.path === join(outDir, 'cli.cjs'));
  const cacheName = `cli.${createHash('sha256').update(cli.contents).digest('hex').slice(0, 16)}.v8cache`;
  writeWhole(join(outDir, 'suanpan.cjs'), loader(cacheName));
  for (const old of readdirSync(outDir)) if (old.endsWith('.v8cache') && old !== cacheName) rmSync(join(outDir, old), { force: true });
  writeWhole(manifestFile, JSON.stringify({ builtAt: started, inputs: [...inputs].sort() }, null, 1));
  return Date.now() - started;
}

function writeWhole(file, contents) {
  // Worker threads share their process's id, and two may rebuild at once.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/** True when every bundle exists and no source it was made from has changed since it was built. */
export function isFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return false;
  }
  if (!outputs.every((file) => existsSync(file))) return false;
  for (const input of manifest.inputs) {
    const stat = statSync(join(root, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAt) return false;
  }
  return true;
}

/**
 * Builds out/node when it is missing or older than the sources (a checkout being worked on). Where
 * it cannot be built (no esbuild: dev dependencies left out), an existing build runs as it is.
 */
export async function ensureBuilt() {
  if (isFresh()) return;
  try {
    await buildNode();
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && outputs.every((file) => existsSync(file))) {
      console.error('suanpan: out/node is older than the sources, and esbuild is not installed to rebuild it; running it as built.');
      return;
    }
    if (e?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('suanpan: the command line is not built (out/node), and esbuild, which builds it, is not installed; run `npm ci`.', { cause: e });
    }
    throw e;
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const ms = await buildNode();
    console.log(`suanpan: built the command line, the host and the workers into ${relative(process.cwd(), outDir) || outDir} (${ms} ms)`);
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && process.env.npm_lifecycle_event === 'prepare') {
      // An install without dev dependencies: say so, but do not fail the install over it.
      console.error('suanpan: esbuild is not installed (dev dependencies left out), so the command line is not built; `npm ci` with them builds it.');
    } else {
      // esbuild has already printed what failed, with the file and line.
      if (!e?.errors) console.error(e);
      process.exitCode = 1;
    }
  }
}
