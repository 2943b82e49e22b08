import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import { ManualTime } from '../../../test/support/manual-time.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../../access/jurisdictions/jurisdiction.js';
import { type Actor, cliActor } from '../../access/roles.js';
import { ingestReports } from '../../intake/intake-service.js';
import type { AppContext } from '../../main/app-context.js';
import { recordDistributionItems } from '../../naloxone/distribution-service.js';
import { importLayer } from '../../surveillance/layer-service.js';
import { naloxoneSectionFigures } from './naloxone-coverage-section.js';
import { renderWeeklyReportHtml } from './report-html.js';
import { parseReportWeek } from './report-week.js';
import { buildWeeklyReport } from './weekly-report-service.js';

const run = promisify(execFile);

/** Two areas side by side: west (1,000 residents) and east (9,000), 0.1 degree each from (41, -73). */
function twoAreas(): string {
  const square = (w: number) => [
    [
      [w, 41],
      [w + 0.1, 41],
      [w + 0.1, 41.1],
      [w, 41.1],
      [w, 41],
    ],
  ];
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: 'west' },
        geometry: { type: 'Polygon', coordinates: square(-73) },
      },
      {
        type: 'Feature',
        properties: { code: 'mid' },
        geometry: { type: 'Polygon', coordinates: square(-72.9) },
      },
      {
        type: 'Feature',
        properties: { code: 'east' },
        geometry: { type: 'Polygon', coordinates: square(-72.8) },
      },
    ],
  });
}

// West: 12 overdoses on 1,000 residents; mid: 7 on 2,000; east: 3 on 9,000. Jurisdiction: 22 on
// 12,000 = 183.3 per 100,000. West (1,200) and mid (350) are above it with few kits and no access
// point: deserts at the rule's 5 overdoses; with a partner k of 10 only west rests on 10 or more.
const OVERDOSES = { west: 12, mid: 7, east: 3 } as const;
const LONGITUDE = { west: -72.95, mid: -72.85, east: -72.75 } as const;

describeEachEngine('weekly report: the naloxone coverage section', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-naloxone-report-'));
  const user = (role: 'analyst' | 'harm_reduction_partner'): Actor => ({
    kind: 'user',
    userId: '00000000-0000-4000-8000-000000000001',
    jurisdictionId: jurisdiction.id,
    role,
    organizationId: null,
  });
  const week = parseReportWeek('2024-W50');
  const report = (audience: 'internal' | 'partner') =>
    buildWeeklyReport(
      context.db,
      user(audience === 'internal' ? 'analyst' : 'harm_reduction_partner'),
      { jurisdiction: jurisdiction.id, week, audience },
      { clock: context.clock },
    );

  before(async () => {
    context = await openTestContext(engine, { clock: new ManualTime(new Date('2024-12-20T12:00:00Z')) });
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    writeFileSync(path.join(folder, 'areas.geojson'), twoAreas());
    writeFileSync(path.join(folder, 'areas.csv'), 'code,pop\nwest,1000\nmid,2000\neast,9000\n');
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.join(folder, 'areas.geojson'),
      name: 'Areas',
      idProperty: 'code',
      population: { csvPath: path.join(folder, 'areas.csv'), idColumn: 'code', populationColumn: 'pop' },
    });
    const items = Object.entries(OVERDOSES).flatMap(([area, n]) =>
      Array.from({ length: n }, (_, i) => ({
        source_record_id: `${area}-${i}`,
        occurred_at: `2024-0${1 + (i % 9)}-15T12:00:00`,
        latitude: 41.05,
        longitude: LONGITUDE[area as keyof typeof LONGITUDE],
      })),
    );
    const results = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: items.map((fields) => ({ raw: fields, fields })),
    });
    assert.equal(results.filter((r) => r.status === 'accepted').length, items.length);
    await recordDistributionItems({ db: context.db, clock: context.clock }, user('analyst'), {
      organizationId: organization.id,
      channel: 'form',
      items: [
        { source_id: 'w', site_type: 'outreach', area_id: 'west', date: '2024-06-01', kits: 24 },
        { source_id: 'm', site_type: 'pharmacy', area_id: 'mid', date: '2024-06-01', kits: 20 },
        { source_id: 'e', site_type: 'pharmacy', area_id: 'east', date: '2024-06-01', kits: 300 },
      ],
    });
    await context.db.query('update jurisdictions set partner_k = 10 where id = $1', [jurisdiction.id]);
  });
  after(async () => {
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists the deserts in the internal report with their figures, and prints them', async () => {
    const internal = await report('internal');
    assert.deepEqual(
      internal.naloxone?.deserts.map((d) => [d.rank, d.label, d.overdoses, d.kits, d.accessPoints]),
      [
        [1, 'west', OVERDOSES.west, 24, 0],
        [2, 'mid', OVERDOSES.mid, 20, 0],
      ],
    );
    assert.equal(internal.naloxone?.deserts[0]?.rate, (OVERDOSES.west / 1000) * 100_000);
    assert.equal(internal.naloxone?.deserts[1]?.kitsPerOverdose, 20 / OVERDOSES.mid);
    const html = renderWeeklyReportHtml(internal);
    assert.match(html, /<h2>Naloxone coverage<\/h2>/);
    assert.match(html, /<td>west<\/td><td class="n">12<\/td>/);
  });

  it("holds a partner report's deserts to the partner k, and its figures pass sos suppression check", async () => {
    const partner = await report('partner');
    assert.equal(partner.k, 10);
    // Mid's 7 overdoses are under k: being named a desert would say they are at least 5.
    assert.deepEqual(
      partner.naloxone?.deserts.map((d) => [d.label, d.overdoses]),
      [['west', OVERDOSES.west]],
    );
    assert.equal(partner.naloxone?.thresholds.minOverdoses, 10);
    const file = path.join(folder, 'naloxone-figures.json');
    writeFileSync(file, JSON.stringify(naloxoneSectionFigures(partner)));
    const { stdout } = await run(process.execPath, [
      path.resolve('dist/src/main/cli.js'),
      'suppression',
      'check',
      file,
      '--k',
      '10',
    ]);
    assert.match(stdout, /passed/);
  });

  it('leaves the section out where no kits were recorded over the year', async () => {
    const early = await buildWeeklyReport(
      context.db,
      user('analyst'),
      { jurisdiction: jurisdiction.id, week: parseReportWeek('2024-W10'), audience: 'internal' },
      { clock: context.clock },
    );
    assert.equal(early.naloxone, null);
  });
});
