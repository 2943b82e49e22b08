import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { roleTier } from '../../access/policy.js';
import { roles, type Tier } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { renderDataUsePage, roleWords } from './data-use-page.js';
import { dataUseWords } from './data-use-words.js';

/** The HTML of one tier's section of the page. */
function tierSection(html: string, tier: Tier): string {
  const start = html.indexOf(`<section class="tier" id="tier-${tier}"`);
  assert.ok(start >= 0, `the page has a section for ${tier}`);
  return html.slice(start, html.indexOf('</section>', start));
}

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('the data-use page', () => {
  const html = renderDataUsePage({
    jurisdiction: { shortName: 'ct', name: 'Connecticut' },
    k: 11,
    minPopulation: 25_000,
    contactEmail: 'board@example.org',
    agreements: [],
    retentions: [{ name: 'Hartford outreach', retentionDays: 730 }],
  });

  it("lists every role under the tier the policy gives it, and under no other (roleTier is the page's source)", () => {
    for (const role of roles) {
      const words = escaped(roleWords[role]);
      for (const tier of ['T0', 'T1', 'T2', 'T3'] as const) {
        const listed = tierSection(html, tier).includes(`<li>${words}</li>`);
        assert.equal(listed, roleTier[role] === tier, `${role} listed under ${tier}: ${listed}`);
      }
    }
    assert.match(tierSection(html, 'T0'), /Anyone, with no login/);
  });

  it('lists the same roles under the same tiers in Spanish', () => {
    const spanish = renderDataUsePage(
      {
        jurisdiction: { shortName: 'ct', name: 'Connecticut' },
        k: 11,
        minPopulation: 25_000,
        contactEmail: null,
        agreements: [],
        retentions: [],
      },
      'es',
    );
    for (const role of roles) {
      const words = escaped(dataUseWords.es.roles[role]);
      for (const tier of ['T0', 'T1', 'T2', 'T3'] as const) {
        assert.equal(tierSection(spanish, tier).includes(`<li>${words}</li>`), roleTier[role] === tier, role);
      }
    }
    assert.match(spanish, /toda cifra de 1 a 10 aparece/);
  });

  it('says what is hidden with the jurisdiction k and areas, the retention and the contact', () => {
    assert.match(html, /any count from 1 to 10 is shown as “hidden”/);
    assert.match(html, /at least 25,000 people/);
    assert.match(html, /Hartford outreach: 730 days after the case closes/);
    assert.match(html, /href="mailto:board@example\.org"/);
    assert.match(html, /community advisory board/);
  });
});

describeEachEngine('the data-use page over HTTP', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let shortName: string;

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    shortName = seeded.jurisdiction.shortName;
    await context.db.query('update jurisdictions set privacy_contact_email = $2 where id = $1', [
      seeded.jurisdiction.id,
      'advisory.board@example.org',
    ]);
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('needs no login, names the privacy contact for the advisory board, and is linked from the dashboard', async () => {
    const answer = await app.inject({ method: 'GET', url: `/public/${shortName}/data-use` });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.match(answer.headers['content-type'] as string, /text\/html/);
    assert.match(answer.body, /how your data is used/);
    assert.match(answer.body, /mailto:advisory\.board@example\.org/);
    assert.match(answer.body, /No sharing agreement is published yet/);
    const dashboard = await app.inject({ method: 'GET', url: `/public/${shortName}` });
    assert.equal(dashboard.statusCode, 200, dashboard.body);
    assert.ok(dashboard.body.includes(`href="/public/${shortName}/data-use"`));
    const spanish = await app.inject({ method: 'GET', url: `/public/${shortName}/data-use?lang=es` });
    assert.equal(spanish.statusCode, 200, spanish.body);
    assert.match(spanish.body, /<div lang="es">/);
    assert.match(spanish.body, /Quién ve qué/);
    assert.match(spanish.body, /consejo asesor de la comunidad/);
    assert.ok(spanish.body.includes(`href="/public/${shortName}/data-use?lang=en"`));
    assert.ok(answer.body.includes(`href="/public/${shortName}/data-use?lang=es"`));
    const unknown = await app.inject({ method: 'GET', url: '/public/no-such-place/data-use' });
    assert.equal(unknown.statusCode, 404);
  });
});
