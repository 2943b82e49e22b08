import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SosError } from '../errors.js';
import { DASHBOARD_CSP } from './security-headers.js';

/** Where `npm run build` writes the dashboard bundle (dist/web, beside the compiled server). */
const webRoot = new URL('../../../web/', import.meta.url);

/** The paths of the single-page app; each serves the same page and the app picks the view. */
const APP_PATHS = ['/', '/login', '/dashboard', '/records', '/reports', '/entry', '/home'];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

// Shown when the server runs from sources without the web bundle (npm run build makes it).
const MISSING_BUNDLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SOS</title></head>
<body><main><h1>SOS</h1><p>The server is running, but the dashboard was not built: run <code>npm run build</code>.
The API is documented at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

/** Serves the dashboard: its page at the app's paths, and its script and styles under /assets. */
export function registerWebApp(app: FastifyInstance): void {
  const indexFile = new URL('index.html', webRoot);
  const page = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : MISSING_BUNDLE;
  for (const url of APP_PATHS) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', DASHBOARD_CSP)
        .send(page),
    );
  }
  const assets = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const { file } = request.params;
      const type = CONTENT_TYPES[path.extname(file)];
      if (!/^[\w.-]+$/.test(file) || !type) throw new SosError('NOT_FOUND', `No asset ${file}`);
      let body = assets.get(file);
      if (!body) {
        const url = new URL(`assets/${file}`, webRoot);
        if (!existsSync(url)) throw new SosError('NOT_FOUND', `No asset ${file}`);
        body = readFileSync(url);
        assets.set(file, body);
      }
      // Not fingerprinted, so browsers check back (a 304 costs little) rather than keep a stale bundle.
      // The worker's script carries the policy it runs under, so it gets the dashboard's too.
      return reply
        .type(type)
        .header('cache-control', 'no-cache')
        .header('content-security-policy', DASHBOARD_CSP)
        .send(body);
    },
  );
}
