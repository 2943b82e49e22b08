import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine } from '../support/test-databases.js';
import { fillUrl, openSecurityApp, pathParams, type SecurityApp } from './security-app.js';

const NOW = new Date('2024-06-20T12:00:00Z');

/** Whether a route is public by its address: every such route must answer everyone alike. */
const isPublic = (url: string) =>
  url === '/public' || url.startsWith('/public/') || url.startsWith('/api/public/');

describeEachEngine('security: public endpoints answer everyone alike', (engine) => {
  let s: SecurityApp;
  before(async () => {
    s = await openSecurityApp(engine, { clock: { now: () => NOW } });
    const reports = Array.from({ length: 30 }, (_, i) => ({
      source_record_id: `run-${i}`,
      occurred_at: new Date(NOW.getTime() - (i + 1) * 86_400_000).toISOString(),
      latitude: 41.76,
      longitude: -72.67,
      fatal: i % 5 === 0,
    }));
    const submitted = await s.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${s.apiKey}` },
      payload: { reports },
    });
    assert.equal(submitted.statusCode, 200, submitted.body);
  });
  after(() => s.dispose());

  it('gives a signed-in user of any jurisdiction, an API key (even a revoked one) the anonymous answer: status, body and caching', async () => {
    const callers: Record<string, Record<string, string>> = {
      'analyst of the jurisdiction': { cookie: s.cookies.get('analyst') as string },
      administrator: { cookie: s.cookies.get('administrator') as string },
      'analyst of another jurisdiction': { cookie: s.otherAnalyst },
      'API key': { authorization: `Bearer ${s.apiKey}` },
      'unknown API key': { authorization: 'Bearer sos_not-a-key' },
    };
    const urls = s.routes
      .filter((r) => r.method === 'GET' && isPublic(r.url))
      .flatMap((r) => {
        // Every open-data file, by the route's own list.
        const files = (r.route.schema?.params as { shape?: { file?: { options?: string[] } } })?.shape?.file
          ?.options;
        return pathParams(r.url).includes('file')
          ? (files ?? []).map((file) => fillUrl(r.url, { file }))
          : [fillUrl(r.url)];
      });
    urls.push('/public/ct?month=2024-05', '/api/v1/publications/archive?jurisdiction=ct&audience=public');
    assert.ok(urls.length >= 10, urls.join(' '));
    const answer = async (url: string, headers: Record<string, string>) => {
      const response = await s.app.inject({ url, headers });
      const {
        'content-type': type,
        'cache-control': cache,
        'content-disposition': disposition,
        vary,
      } = response.headers;
      return { status: response.statusCode, type, cache, disposition, vary, body: response.body };
    };
    for (const url of urls) {
      const anonymous = await answer(url, {});
      assert.equal(anonymous.status, 200, `${url}: ${anonymous.body.slice(0, 300)}`);
      for (const [who, headers] of Object.entries(callers)) {
        if (url.startsWith('/api/v1/') && who === 'unknown API key') continue; // not a public route
        assert.deepEqual(await answer(url, headers), anonymous, `${url} for the ${who}`);
      }
    }
  });

  it('marks every public route as answering everyone alike, so none reads credentials', () => {
    const publicRoutes = s.routes.filter((r) => isPublic(r.url));
    assert.ok(publicRoutes.length >= 6);
    for (const r of publicRoutes) assert.equal(r.route.config?.answersEveryoneAlike, true, r.url);
  });
});
