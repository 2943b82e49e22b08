import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { seedAnnouncementWorld, TRUTH, tickingClock } from '../../../test/support/announcement-seed.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import { describeEachEngine, openTestContext } from '../../../test/support/test-databases.js';
import type { Role } from '../../access/roles.js';
import { CatalogCache } from '../../directory/catalog-cache.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { forgetPublicFigures } from '../public/public-service.js';
import { announcementFile } from './announcement-service.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

describeEachEngine('announcements API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let naloxone: string;
  let treatment: string;
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-announcements-'));

  before(async () => {
    forgetPublicFigures();
    context = await openTestContext(engine, { clock: tickingClock() });
    const world = await seedAnnouncementWorld(context);
    naloxone = world.naloxone;
    treatment = world.treatment;
    app = await buildApp(context);
    cookies = await signInRoles(
      app,
      context,
      world.jurisdictionId,
      ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'submitter', 'outreach_coordinator'],
      world.organizationId,
    );
  });
  after(async () => {
    await app?.close();
    await context?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const post = (role: Role, url: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { cookie: cookies.get(role) as string, origin: OWN_ORIGIN },
    });
  const get = (role: Role | null, url: string) =>
    app.inject({ method: 'GET', url, headers: role ? { cookie: cookies.get(role) as string } : {} });

  /** The public areas by name, from the builder's own choices. */
  async function areaIds(): Promise<Map<string, string>> {
    const preview = await post('analyst', '/api/v1/announcements/preview', {
      audience: 'school',
      language: 'en',
      level: 'easy',
    });
    assert.equal(preview.statusCode, 200, preview.body);
    return new Map((preview.json().areas as { id: string; name: string }[]).map((a) => [a.name, a.id]));
  }

  it('states public figures only: the small count reads "fewer than 10", the others match the truth', async () => {
    const areas = await areaIds();
    assert.deepEqual([...areas.keys()].sort(), ['Quad 00', 'Quad 01', 'Quad 10', 'Quad 11']);
    for (const [code, truth] of Object.entries(TRUTH)) {
      const name = `Quad ${code.slice(1)}`;
      const answer = await post('analyst', '/api/v1/announcements/preview', {
        audience: 'community_group',
        language: 'en',
        level: 'easy',
        area_id: areas.get(name),
      });
      assert.equal(answer.statusCode, 200, answer.body);
      const content = answer.json().content as {
        figures: { label: string; value: string; hidden: boolean }[];
        paragraphs: string[];
      };
      const [february, january] = content.figures;
      assert.equal(february?.label, `Overdoses in ${name}, February 2026`);
      for (const [figure, count] of [
        [february, truth.feb],
        [january, truth.jan],
      ] as const) {
        if (figure?.hidden) assert.equal(figure.value, 'fewer than 10');
        else assert.equal(figure?.value, String(count), `${name}: ${figure?.label}`);
      }
      if (code === 'q00') {
        assert.equal(february?.hidden, true);
        const printed = JSON.stringify(content);
        assert.doesNotMatch(printed, /\b3 overdoses\b|"value":"3"/);
        assert.match(
          content.paragraphs[0] as string,
          /^In February 2026, fewer than 10 overdoses were reported in Quad 00\./,
        );
      }
    }
  });

  it('chooses naloxone and treatment links from the directory, lets them be changed, and refuses others', async () => {
    const auto = await post('analyst', '/api/v1/announcements/preview', {
      audience: 'school',
      language: 'es',
      level: 'easy',
    });
    const links = auto.json().content.links as { kind: string; name: string; service_id: string | null }[];
    assert.deepEqual(
      links.map((l) => l.kind),
      ['naloxone', 'naloxone', 'treatment', 'crisis_line'],
    );
    assert.ok(links.some((l) => l.service_id === treatment));
    assert.equal(links.at(-1)?.name, 'Línea 988 de Prevención del Suicidio y Crisis');
    const changed = await post('analyst', '/api/v1/announcements/preview', {
      audience: 'school',
      language: 'es',
      level: 'easy',
      link_service_ids: [naloxone],
    });
    assert.deepEqual(
      (changed.json().content.links as { service_id: string | null }[]).map((l) => l.service_id),
      [naloxone, null],
    );
    const unknown = await post('analyst', '/api/v1/announcements/preview', {
      audience: 'school',
      language: 'es',
      level: 'easy',
      link_service_ids: ['not-a-service'],
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'ANNOUNCEMENT_LINK_UNKNOWN');
    const language = await post('analyst', '/api/v1/announcements/preview', {
      audience: 'school',
      language: 'fr',
      level: 'easy',
    });
    assert.equal(language.statusCode, 422);
    assert.equal(language.json().error.code, 'UNKNOWN_ANNOUNCEMENT_LANGUAGE');
  });

  it('archives what is made, lists it newest first with pages, and audits it', async () => {
    const areas = await areaIds();
    const made: string[] = [];
    for (const role of ['analyst', 'public_safety_analyst', 'harm_reduction_partner'] as const) {
      const answer = await post(role, '/api/v1/announcements', {
        audience: 'youth_program',
        language: 'es',
        level: 'easy',
        area_id: areas.get('Quad 01'),
        message: `Mensaje de ${role}.`,
      });
      assert.equal(answer.statusCode, 201, answer.body);
      made.push(answer.json().id);
    }
    const first = await get('analyst', '/api/v1/announcements?limit=2');
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json() as { announcements: { id: string }[]; next_cursor: string | null };
    assert.equal(page.announcements.length, 2);
    assert.ok(page.next_cursor);
    const second = await get('analyst', `/api/v1/announcements?limit=2&cursor=${page.next_cursor}`);
    const rest = second.json() as { announcements: { id: string }[]; next_cursor: string | null };
    assert.equal(rest.next_cursor, null);
    assert.deepEqual(
      [...page.announcements, ...rest.announcements].map((a) => a.id),
      [...made].reverse(),
    );
    const one = (await get('public_safety_analyst', `/api/v1/announcements/${made[0]}`)).json();
    assert.equal(one.content.message, 'Mensaje de analyst.');
    assert.equal(one.area_name, 'Quad 01');
    assert.equal(one.as_of_week, '2026-W08');
    const audited = await context.db.query<{ n: number }>(
      `select count(*)::int as n from audit_entries where action = 'announcement.create' and subject_id = any($1::text[])`,
      [made],
    );
    assert.equal(audited[0]?.n, 3);
  });

  it('offers a short text of at most 280 characters, even with a long message', async () => {
    const answer = await post('analyst', '/api/v1/announcements', {
      audience: 'community_group',
      language: 'en',
      level: 'standard',
      message: 'Please share this widely. '.repeat(40),
    });
    assert.equal(answer.statusCode, 201, answer.body);
    const text = (await get('analyst', answer.json().text_url)).json() as {
      text: string;
      characters: number;
    };
    assert.ok(text.text.length <= 280, String(text.text.length));
    assert.equal(text.characters, text.text.length);
    assert.match(text.text, /Please share this widely\./);
    assert.match(text.text, /Help: call or text 988\.$/);
  });

  it('offers its figures as a file that the real `sos suppression check` passes', async () => {
    const areas = await areaIds();
    const made = await post('analyst', '/api/v1/announcements', {
      audience: 'school',
      language: 'en',
      level: 'easy',
      area_id: areas.get('Quad 00'),
    });
    const figures = await get('analyst', made.json().figures_url);
    assert.equal(figures.statusCode, 200, figures.body);
    const file = path.join(folder, 'figures.json');
    writeFileSync(file, figures.body);
    assert.equal(figures.json().tables[0].cells[1][0], null, 'the small February count is hidden');
    const { stdout } = await run(process.execPath, [CLI, 'suppression', 'check', file]);
    assert.match(stdout, /passed/);
  });

  it('draws the PDF from the archive, and the plain PDF without Chromium says the same', async () => {
    const made = await post('analyst', '/api/v1/announcements', {
      audience: 'youth_program',
      language: 'es',
      level: 'easy',
      message: '¿Preguntas? Llámenos.',
    });
    const id = made.json().id as string;
    const pdf = await get('analyst', `/api/v1/announcements/${id}/pdf`);
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
    const deps = { db: context.db, clock: context.clock, catalogs: new CatalogCache(), chromium: null };
    const analyst = {
      kind: 'user',
      userId: made.json().made_by,
      jurisdictionId: (
        await context.db.query<{ j: string }>(
          'select jurisdiction_id::text as j from announcements where id = $1',
          [id],
        )
      )[0]?.j as string,
      role: 'analyst',
      organizationId: null,
    } as const;
    const plain = await announcementFile(deps, analyst, id, 'pdf');
    assert.equal(plain.file.engine, 'plain');
    const text = pdfText(plain.file.bytes);
    assert.match(text, /Cuídense entre ustedes/);
    assert.match(text, /¿Preguntas\? Llámenos\./);
    assert.match(text, /Línea 988 de Prevención del Suicidio y Crisis/);
    // Drawn again from the archive, the same announcement gives the same bytes.
    assert.deepEqual((await announcementFile(deps, analyst, id, 'pdf')).file.bytes, plain.file.bytes);
    await assert.rejects(announcementFile(deps, analyst, id, 'png'), { code: 'PNG_RENDERER_MISSING' });
  });

  it('draws a 1080x1080 PNG with Chromium', async () => {
    const made = await post('analyst', '/api/v1/announcements', {
      audience: 'school',
      language: 'en',
      level: 'easy',
    });
    const png = await get('analyst', made.json().png_url);
    assert.equal(png.statusCode, 200, png.body);
    const bytes = png.rawPayload;
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1080, 1080]);
  });

  it('refuses submitters, outreach and the public', async () => {
    const body = { audience: 'school', language: 'en', level: 'easy' };
    for (const role of ['submitter', 'outreach_coordinator'] as const) {
      for (const answer of [
        await post(role, '/api/v1/announcements/preview', body),
        await post(role, '/api/v1/announcements', body),
        await get(role, '/api/v1/announcements'),
      ]) {
        assert.equal(answer.statusCode, 403, `${role}: ${answer.body}`);
      }
    }
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/announcements' });
    assert.equal(anonymous.statusCode, 401);
    const anonymousPost = await app.inject({
      method: 'POST',
      url: '/api/v1/announcements',
      payload: body,
      headers: { origin: OWN_ORIGIN },
    });
    assert.equal(anonymousPost.statusCode, 401);
  });
});
