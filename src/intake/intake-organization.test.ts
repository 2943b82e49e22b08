import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import type { Actor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { SosError } from '../platform/errors.js';
import { formAdapter } from './adapters/json-api-adapter.js';
import { ingestReports } from './intake-service.js';
import { submitReports } from './submission-service.js';

// Intake asks the policy with the batch's organization as the record: a submitter or an API key acts
// for its own organization only (the `own_organization` condition, once `authorizeOrganization`).
describeEachEngine('intake for another organization', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  const police = { id: randomUUID(), name: 'Police', type: 'police' };
  const report = {
    source_record_id: 'r-1',
    occurred_at: '2024-05-03T22:15:00-04:00',
    latitude: 41.77,
    longitude: -72.68,
    fatal: false,
  };
  const refused = (error: unknown) =>
    error instanceof SosError &&
    error.code === 'FORBIDDEN' &&
    /act for this organization/.test(error.message);
  const storedFor = async (organizationId: string) =>
    Number(
      (
        await context.db.query<{ n: number }>(
          'select count(*)::int as n from reports where organization_id = $1',
          [organizationId],
        )
      )[0]?.n,
    );

  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    await insertOrganization(context.db, { jurisdictionId: seeded.jurisdiction.id, ...police });
  });
  after(() => context.dispose());

  it("refuses a submitter's form for another organization of her jurisdiction, and stores nothing", async () => {
    const submitter: Actor = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'submitter',
      organizationId: seeded.organization.id,
    };
    await assert.rejects(
      submitReports(context.intake, submitter, {
        organizationId: police.id,
        adapter: formAdapter,
        reports: [report],
      }),
      refused,
    );
    assert.equal(await storedFor(police.id), 0);
    const own = await submitReports(context.intake, submitter, {
      organizationId: null,
      adapter: formAdapter,
      reports: [report],
    });
    assert.equal(own[0]?.status, 'accepted', JSON.stringify(own[0]));
  });

  it("refuses an API key's batch for another organization", async () => {
    const key: Actor = {
      kind: 'api_key',
      keyId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      organizationId: seeded.organization.id,
      scopes: ['submit'],
    };
    await assert.rejects(
      ingestReports(context.intake, key, {
        jurisdiction: seeded.jurisdiction,
        organization: { jurisdictionId: seeded.jurisdiction.id, ...police },
        channel: 'api',
        items: [{ raw: report, fields: report }],
      }),
      refused,
    );
    assert.equal(await storedFor(police.id), 0);
  });
});
