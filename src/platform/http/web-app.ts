import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { appPaths } from '../../../common/app-pages.js';
import { SosError } from '../errors.js';
import { DASHBOARD_CSP } from './security-headers.js';

/** Where `npm run build` writes the dashboard bundle (dist/web, beside the compiled server). */
const webRoot = new URL('../../../web/', import.meta.url);

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

/** Serves the dashboard: its page at the app's paths, its icon, and its script and styles under /assets. */
export function registerWebApp(app: FastifyInstance): void {
  const indexFile = new URL('index.html', webRoot);
  const page = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : MISSING_BUNDLE;
  // Every page's path serves the same page and the app picks the view, so reloads and bookmarks work.
  for (const url of appPaths) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', DASHBOARD_CSP)
        .send(page),
    );
  }
  // Browsers ask for /favicon.ico on every page (the server-rendered ones and the API docs too), so
  // the icon answers there as well as at the path the app's page links to.
  const iconFile = new URL('favicon.svg', webRoot);
  const icon = existsSync(iconFile) ? readFileSync(iconFile) : null;
  for (const url of ['/favicon.svg', '/favicon.ico']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      if (!icon) throw new SosError('NOT_FOUND', 'The dashboard was not built, so it has no icon');
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(icon);
    });
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
