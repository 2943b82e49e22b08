import type { FastifyInstance } from 'fastify';

// A placeholder until the dashboard lands: says what is running and where the API is documented.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SOS: overdose surveillance and response</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b57d0}code{background:#f1f3f4;padding:0 .25rem;border-radius:3px}</style></head>
<body>
<h1>SOS</h1>
<p>Near real-time overdose surveillance and coordinated community response.</p>
<p>The server is running. The dashboard is on its way; meanwhile:</p>
<ul>
<li><a href="/api/docs">API documentation</a> (OpenAPI JSON at <a href="/api/docs/json"><code>/api/docs/json</code></a>)</li>
<li><a href="/api/v1/health">Health check</a></li>
</ul>
</body>
</html>`;

/** Serves the placeholder home page at /. */
export function registerHomePage(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
}
