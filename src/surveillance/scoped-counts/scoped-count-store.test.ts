import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor } from '../../access/roles.js';
import { ingestReports } from '../../intake/intake-service.js';
import type { AppContext } from '../../main/app-context.js';
import { countWindows } from './scoped-count-store.js';

const HOUR = 3_600_000;
const AT = new Date('2026-11-21T12:00:00Z');

describeEachEngine('countWindows', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdictionId: string;
  let cell: string;

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => AT } });
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    const at = (hoursBefore: number) => new Date(AT.getTime() - hoursBefore * HOUR).toISOString();
    const here = { latitude: 41.77, longitude: -72.67 };
    const items = [
      { source_record_id: 'a', occurred_at: at(1), ...here, substances: ['fentanyl'] },
      { source_record_id: 'b', occurred_at: at(2), ...here, source_type: 'police' },
      { source_record_id: 'c', occurred_at: at(25), ...here, substances: ['heroin'] },
      { source_record_id: 'd', occurred_at: at(3), latitude: 41.2, longitude: -73.4 },
      // Exactly 24 hours before: the window (at − 24 h, at] leaves it to the window before.
      { source_record_id: 'e', occurred_at: at(24), latitude: 41.2, longitude: -73.4 },
      { source_record_id: 'f', occurred_at: at(0), latitude: 41.2, longitude: -73.4 },
      { source_record_id: 'old', occurred_at: at(31 * 24 + 1), ...here },
    ].map((fields) => ({ raw: fields, fields }));
    await ingestReports(context.intake, cliActor, { jurisdiction, organization, channel: 'api', items });
    const [row] = await context.db.query<{ h3_r7: string }>(
      "select o.h3_r7 from overdoses o join reports r on r.overdose_id = o.id where r.source_record_id = 'a'",
    );
    cell = row?.h3_r7 as string;
  });
  after(() => context.dispose());

  const counts = async (scope: Parameters<typeof countWindows>[2]) =>
    Object.fromEntries(await countWindows(context.db, jurisdictionId, scope, AT, 31));

  it('counts every overdose of the jurisdiction by 24-hour window back from now', async () => {
    assert.deepEqual(await counts({}), { 0: 4, 1: 2 });
  });

  it('narrows by primary source type, substance and H3 cell', async () => {
    assert.deepEqual(await counts({ sourceTypes: ['ems'] }), { 0: 3, 1: 2 });
    assert.deepEqual(await counts({ sourceTypes: ['police'] }), { 0: 1 });
    assert.deepEqual(await counts({ substance: 'fentanyl' }), { 0: 1 });
    assert.deepEqual(await counts({ layerId: 'h3r7', areaId: cell }), { 0: 2, 1: 1 });
    assert.deepEqual(await counts({ caseDefinition: 'no_such_definition' }), {});
  });
});
