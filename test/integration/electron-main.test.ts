/**
 * The Electron shell without the Electron binary: the built main bundle is loaded in plain Node with
 * a stand-in `electron` module, to check that every api method is bound to IPC and that a call from
 * anywhere but the desk's own window is refused. The real window runs in electron-window.e2e.test.ts
 * wherever an Electron binary exists.
 */
import { describe, expect, it } from 'vitest';
import { createRequire, Module } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES } from '../../src/api';
import { bindApi } from '../../electron/ipc';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = join(root, 'out/main/index.cjs');
const require = createRequire(import.meta.url);

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function loadMainWithStandIn(): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  const noop = (): void => undefined;
  const standIn = {
    app: {
      requestSingleInstanceLock: () => false, // behave as a second instance: bind, then quit
      quit: noop,
      on: noop,
      whenReady: () => new Promise(() => undefined),
      getPath: () => root,
    },
    ipcMain: { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) },
    protocol: { registerSchemesAsPrivileged: noop, handle: noop },
    BrowserWindow: class {},
    Menu: { buildFromTemplate: noop, setApplicationMenu: noop },
    net: { fetch: noop },
    screen: { getAllDisplays: () => [] },
    session: {},
    shell: { openExternal: noop },
  };
  const electronPath = require.resolve('electron');
  const cached = new Module(electronPath);
  cached.exports = standIn;
  cached.loaded = true;
  const previous = require.cache[electronPath];
  require.cache[electronPath] = cached;
  try {
    delete require.cache[bundle];
    require(bundle);
  } finally {
    if (previous) require.cache[electronPath] = previous;
    else delete require.cache[electronPath];
  }
  return handlers;
}

describe('the built Electron main bundle', () => {
  it('exists (npm test builds it first)', () => {
    expect(existsSync(bundle)).toBe(true);
  });

  it('binds every api method to its own IPC channel, and only the two document channels besides', () => {
    const handlers = loadMainWithStandIn();
    const keys = [...handlers.keys()];
    expect(keys.filter((k) => k.startsWith('api:')).sort()).toEqual(METHOD_NAMES.map((m) => `api:${m}`).sort());
    expect(keys.filter((k) => !k.startsWith('api:')).sort()).toEqual(['desk:printPdf', 'desk:savePdf']);
  });

  it('saves or prints nothing for a stranger, and nothing that is not a PDF', async () => {
    const handlers = loadMainWithStandIn();
    const stranger = { senderFrame: { url: 'https://example.com/' } };
    const pdf = Buffer.from('%PDF-1.7 …').toString('base64');
    expect(await (handlers.get('desk:savePdf') as Handler)(stranger, 'x.pdf', pdf)).toEqual({ ok: false });
    expect(await (handlers.get('desk:printPdf') as Handler)(stranger, pdf)).toEqual({ ok: false });
  });

  it('refuses calls from anything but the desk window', async () => {
    const handlers = loadMainWithStandIn();
    const handler = handlers.get('api:quote/schedule') as Handler;
    const stranger = { senderFrame: { url: 'https://example.com/' } };
    const result = await handler(stranger, { principal: '1000', annualRate: '0.1', term: 2, method: 'equal-principal', disbursementDate: '2025-01-01' }, 'en');
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the IPC binding', () => {
  it('answers a trusted call in the desk language and pushes progress events', async () => {
    const handlers = new Map<string, Handler>();
    const sent: unknown[] = [];
    const fakeIpc = { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) };
    bindApi(fakeIpc as never, () => true, () => [{ send: (_c: string, e: unknown) => sent.push(e) }] as never);
    const quote = await (handlers.get('api:quote/schedule') as Handler)({}, { principal: '100000', annualRate: '0.12', term: 12, method: 'equal-installment', disbursementDate: '2025-01-15' }, 'zh-CN');
    expect(quote).toMatchObject({ ok: true, result: { payment: '8884.88' } });
    const bad = await (handlers.get('api:quote/schedule') as Handler)({}, { term: 0 }, 'zh-CN');
    expect(JSON.stringify(bad)).toContain('期数');
    await (handlers.get('api:quote/compare') as Handler)({}, { principal: '1000', annualRate: '0.1', term: 2, disbursementDate: '2025-01-01', methods: ['flat'] }, 'en');
    expect(sent).toEqual([{ type: 'progress', task: 'quote/compare', done: 1, total: 1 }]);
  });
});
