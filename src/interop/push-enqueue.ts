import { createHash } from 'node:crypto';
import { findJurisdiction, listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { type AgencyOverdose, readAgencyOverdoses } from '../surveillance/agency-overdoses.js';
import { listConnectors, type StoredConnector } from './connector-repository.js';
import { insertDelivery } from './delivery-repository.js';
import { odmapRecordOf } from './odmap-record.js';
import { enqueueDelivery } from './push-delivery.js';

/** The hex SHA-256 of a body: what makes a delivery the same one when an event is heard again. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The agency a connector sends an overdose for, or null when its agency filter leaves the overdose out. */
function agencyFor(connector: StoredConnector, overdose: AgencyOverdose): string | null {
  if (connector.organizationId) {
    return overdose.organizationIds.includes(connector.organizationId) ? connector.organizationId : null;
  }
  return overdose.organizationIds[0] ?? null;
}

/**
 * Makes the deliveries of committed changes to overdoses (new or corrected): for each enabled
 * connector of the jurisdiction, each changed overdose its agency filter keeps becomes its ODMAP
 * record as a pending delivery with an outbox event, in one transaction. A change that leaves the
 * record as ODMAP sees it unchanged (same body) makes none, nor does the same event heard twice.
 * Returns how many deliveries it made; the caller wakes the outbox.
 */
export async function enqueueOverdosePushes(
  deps: { db: Database; clock: Clock },
  change: { jurisdictionId: string; overdoseIds: readonly string[] },
): Promise<number> {
  if (change.overdoseIds.length === 0) return 0;
  const connectors = await listConnectors(deps.db, change.jurisdictionId, { enabledOnly: true });
  if (connectors.length === 0) return 0;
  const overdoses = await readAgencyOverdoses(deps.db, change.jurisdictionId, change.overdoseIds);
  const names = new Map((await listOrganizations(deps.db, change.jurisdictionId)).map((o) => [o.id, o.name]));
  const timeZone = (await findJurisdiction(deps.db, change.jurisdictionId))?.timeZone ?? 'UTC';
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    let made = 0;
    for (const connector of connectors) {
      for (const overdose of overdoses) {
        const agencyId = agencyFor(connector, overdose);
        if (!agencyId) continue;
        const record = odmapRecordOf(
          { ...overdose, agency: { id: agencyId, name: names.get(agencyId) ?? '' } },
          timeZone,
        );
        const body = JSON.stringify({ type: 'overdose', record });
        const id = newId(now.getTime());
        const stored = await insertDelivery(tx, {
          jurisdictionId: change.jurisdictionId,
          id,
          connectorId: connector.id,
          overdoseId: overdose.id,
          kind: 'overdose',
          body,
          bodySha256: bodySha256(body),
          status: 'pending',
          attempts: 0,
          lastError: null,
          lastStatusCode: null,
          createdAt: now,
          updatedAt: now,
          deliveredAt: null,
        });
        if (stored) {
          await enqueueDelivery(tx, change.jurisdictionId, id);
          made += 1;
        }
      }
    }
    return made;
  });
}
