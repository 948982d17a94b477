/**
 * Browser mode: a small Node host on 127.0.0.1 that serves the built renderer and binds the same api
 * map over HTTP. Used where the Electron binary cannot be had, and by the end-to-end tests.
 *
 * Each run makes a random token, written into the page it serves; every api call must carry it, and
 * the Host header must name this host, so other web pages in the same browser (or a DNS-rebinding
 * trick) cannot drive the desk. Progress events are pushed to the page as server-sent events.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { DESK_PERMISSIONS, type ApiEvent } from '../api';
import { SuanpanError, type Lang } from '../errors';
import { preparePage } from './page';
import type { Db } from '../db/connection';
import { sqliteBook } from '../db/book';
import { ulidSource } from '../ids';
import { deskCall, fixedDeskBook, type DeskBook } from './deskBook';

export interface HostOptions {
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  now?: () => Date;
  /** A loan book fixed for the host's life, and the folder beside it for attachments. */
  book?: { db: Db; dataDir: string } | undefined;
  /** The desk's choice of book, which the desk may change (src/host/deskBook.ts); takes the place of `book`. */
  desk?: DeskBook | undefined;
}

export interface Host {
  url: string;
  token: string;
  server: Server;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

// Attachments travel as base64 in the body: up to 10 MB of file.
const MAX_BODY = 16 * 1024 * 1024;

const langOf = (req: IncomingMessage): Lang => (String(req.headers['x-suanpan-lang'] ?? '').startsWith('en') ? 'en' : 'zh-CN');

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit, keep reading (so the client gets an answer) but keep nothing.
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) reject(new SuanpanError('VALIDATION', 'api.badRequest', { reason: 'request larger than 16 MB' }));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = randomBytes(24).toString('hex');
  const tokenBytes = Buffer.from(token);
  const listeners = new Set<ServerResponse>();
  const now = options.now ?? (() => new Date());
  const ids = ulidSource(() => now().getTime());
  let origin = '';
  const root = normalize(options.staticDir);
  const desk = options.desk ?? fixedDeskBook(options.book ? sqliteBook(options.book.db) : undefined, options.book?.dataDir);

  const tokenOk = (given: unknown): boolean => {
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const emit = (event: ApiEvent): void => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(line);
  };

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden', 'text/plain');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      return send(res, 404, 'not found', 'text/plain');
    }
    let body: string | Buffer = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (relative === 'index.html') body = preparePage(body.toString('utf8'), token);
    const cache: Record<string, string> = relative.startsWith('assets/') ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {};
    send(res, 200, body, type, cache);
  }

  const server = createServer((req, res) => {
    void (async () => {
      // Only this host, by its own name: no DNS rebinding, no other origin.
      if (req.headers.host !== origin.replace('http://', '')) return send(res, 421, 'wrong host', 'text/plain');
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/api/events') {
        if (!tokenOk(url.searchParams.get('token'))) return send(res, 401, 'unauthorized', 'text/plain');
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const lang = langOf(req);
        const fail = (status: number, error: SuanpanError) => send(res, status, JSON.stringify({ ok: false, error: error.toJSON(lang) }), TYPES['.json'] as string);
        if (req.method !== 'POST') return fail(405, new SuanpanError('VALIDATION', 'api.badRequest', { reason: 'use POST' }));
        if (!tokenOk(req.headers['x-suanpan-token'])) return fail(401, new SuanpanError('FORBIDDEN', 'api.unauthorized'));
        const requestOrigin = req.headers.origin;
        if (requestOrigin !== undefined && requestOrigin !== origin) return fail(403, new SuanpanError('FORBIDDEN', 'api.unauthorized'));
        let input: unknown;
        try {
          const text = await readBody(req);
          input = text.length === 0 ? {} : JSON.parse(text);
        } catch (e) {
          if (e instanceof SuanpanError) return fail(413, e);
          return fail(400, new SuanpanError('VALIDATION', 'validation.json', { reason: (e as Error).message }));
        }
        const name = url.pathname.slice('/api/'.length);
        const session = req.headers['x-suanpan-session'];
        const response = await deskCall(desk, name, input, {
          lang,
          permissions: DESK_PERMISSIONS,
          now,
          emit,
          ids,
          sessionToken: typeof session === 'string' && session.length > 0 && session.length <= 128 ? session : undefined,
        });
        return send(res, 200, JSON.stringify(response), TYPES['.json'] as string);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain');
      return serveStatic(url.pathname, res);
    })().catch(() => send(res, 500, 'internal error', 'text/plain'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
