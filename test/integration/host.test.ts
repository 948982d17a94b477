/** The browser-mode host: its guards against other pages and other hosts, and its api binding. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type Host } from '../../src/host/http';

let host: Host;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head><body></body></html>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  host = await startHost({ staticDir: dir, now: () => new Date('2025-03-01T10:00:00') });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host.close();
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  send('POST', `/api/${method}`, { 'content-type': 'application/json', 'x-suanpan-token': host.token, ...headers }, JSON.stringify(input));

describe('browser-mode host', () => {
  it('serves the page with the run token and a fresh CSP nonce', async () => {
    const a = await send('GET', '/');
    const b = await send('GET', '/');
    expect(a.status).toBe(200);
    expect(a.body).toContain(`<meta name="suanpan-token" content="${host.token}"`);
    expect(a.body).not.toContain('__CSP_NONCE__');
    const nonce = (r: Reply) => /name="csp-nonce" content="([^"]+)"/.exec(r.body)?.[1];
    expect(nonce(a)).not.toBe(nonce(b));
    expect((await send('GET', '/assets/app.js')).status).toBe(200);
  });

  it('answers api calls with the token, in the asked language', async () => {
    const r = await api('system/info', {});
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { businessDate: '2025-03-01' } });
    const bad = await api('quote/schedule', { term: 0 }, { 'x-suanpan-lang': 'zh-CN' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.parse(bad.body).error.message).toContain('期数');
  });

  it('refuses a call without the token, from another origin, or by another host name', async () => {
    expect((await api('system/info', {}, { 'x-suanpan-token': 'guess' })).status).toBe(401);
    expect((await api('system/info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('system/info', {}, { host: `evil.example:${port}` })).status).toBe(421);
    expect((await send('GET', '/api/system/info', { 'x-suanpan-token': host.token })).status).toBe(405);
    expect((await send('GET', '/api/events')).status).toBe(401);
  });

  it('reads no file outside the renderer folder', async () => {
    const r = await send('GET', '/..%2f..%2f..%2fetc%2fpasswd');
    expect([403, 404]).toContain(r.status);
    expect(r.body).not.toContain('root:');
  });

  it('refuses malformed JSON and oversized bodies with a typed error', async () => {
    const broken = await send('POST', '/api/quote/schedule', { 'x-suanpan-token': host.token }, '{"principal":');
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'validation.json' } });
    const huge = await send('POST', '/api/quote/schedule', { 'x-suanpan-token': host.token }, `"${'x'.repeat(17 * 1024 * 1024)}"`);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'api.badRequest' } });
  });

  it('pushes progress events to the page', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
        res.on('data', (d: Buffer) => {
          events.push(d.toString());
          if (events.join('').includes('"done":2')) {
            req.destroy();
            resolve();
          }
        });
        void api('quote/compare', { principal: '1000', annualRate: '0.1', term: 2, disbursementDate: '2025-01-01', methods: ['flat', 'equal-principal'] });
      });
      req.on('error', (e) => (events.join('').includes('"done":2') ? resolve() : reject(e)));
      req.end();
    });
    expect(events.join('')).toContain('"task":"quote/compare","done":1,"total":2');
  });
});
