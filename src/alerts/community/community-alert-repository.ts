import type { Queryable } from '../../platform/database.js';
import type { PagePosition } from '../../platform/page-cursor.js';
import type { CommunityAlertStatus } from './community-vocabulary.js';

/** The wording and reach of a community alert, as drafted. */
export interface CommunityAlertWording {
  title: string;
  layerId: string;
  areaIds: string[];
  alertId: string | null;
  drugCheckSignalId: string | null;
  publicMessage: string;
  publicSms: string;
  peopleWhoUseDrugsMessage: string;
  peopleWhoUseDrugsSms: string;
  partnersMessage: string;
}

/** A stored community alert. */
export interface CommunityAlertRow extends CommunityAlertWording {
  jurisdictionId: string;
  id: string;
  status: CommunityAlertStatus;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  approvedVersion: number | null;
  sentBy: string | null;
  sentAt: Date | null;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, status, version, title, layer_id as "layerId",
  area_ids as "areaIds", alert_id as "alertId", drug_check_signal_id as "drugCheckSignalId",
  public_message as "publicMessage", public_sms as "publicSms",
  people_who_use_drugs_message as "peopleWhoUseDrugsMessage", people_who_use_drugs_sms as "peopleWhoUseDrugsSms",
  partners_message as "partnersMessage", created_by as "createdBy", created_at as "createdAt",
  updated_at as "updatedAt", approved_by as "approvedBy", approved_at as "approvedAt",
  approved_version as "approvedVersion", sent_by as "sentBy", sent_at as "sentAt"`;

const wordingValues = (w: CommunityAlertWording) => [
  w.title,
  w.layerId,
  JSON.stringify(w.areaIds),
  w.alertId,
  w.drugCheckSignalId,
  w.publicMessage,
  w.publicSms,
  w.peopleWhoUseDrugsMessage,
  w.peopleWhoUseDrugsSms,
  w.partnersMessage,
];

/** Adds a draft (version 1). */
export async function insertCommunityAlert(
  tx: Queryable,
  row: { jurisdictionId: string; id: string; createdBy: string; at: Date } & CommunityAlertWording,
): Promise<void> {
  await tx.query(
    `insert into community_alerts (jurisdiction_id, id, status, version, title, layer_id, area_ids, alert_id,
       drug_check_signal_id, public_message, public_sms, people_who_use_drugs_message,
       people_who_use_drugs_sms, partners_message, created_by, created_at, updated_at)
     values ($1, $2, 'draft', 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
    [row.jurisdictionId, row.id, ...wordingValues(row), row.createdBy, row.at],
  );
}

/** A community alert, locked for a change when `forUpdate`. */
export async function findCommunityAlert(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  forUpdate = false,
): Promise<CommunityAlertRow | null> {
  const [row] = await db.query<CommunityAlertRow>(
    `select ${COLUMNS} from community_alerts where jurisdiction_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** New wording: the next version, a draft again (an approval covered the version before). */
export async function updateCommunityAlertWording(
  tx: Queryable,
  key: { jurisdictionId: string; id: string },
  wording: CommunityAlertWording,
  at: Date,
): Promise<void> {
  await tx.query(
    `update community_alerts set title = $3, layer_id = $4, area_ids = $5, alert_id = $6,
       drug_check_signal_id = $7, public_message = $8, public_sms = $9, people_who_use_drugs_message = $10,
       people_who_use_drugs_sms = $11, partners_message = $12, version = version + 1, status = 'draft',
       approved_by = null, approved_at = null, approved_version = null, updated_at = $13
     where jurisdiction_id = $1 and id = $2`,
    [key.jurisdictionId, key.id, ...wordingValues(wording), at],
  );
}

/** Records an analyst's approval of the current version. */
export async function approveCommunityAlert(
  tx: Queryable,
  key: { jurisdictionId: string; id: string },
  approval: { by: string; at: Date; version: number },
): Promise<void> {
  await tx.query(
    `update community_alerts set status = 'approved', approved_by = $3, approved_at = $4, approved_version = $5
     where jurisdiction_id = $1 and id = $2`,
    [key.jurisdictionId, key.id, approval.by, approval.at, approval.version],
  );
}

/** Records that the approved version was sent. */
export async function markCommunityAlertSent(
  tx: Queryable,
  key: { jurisdictionId: string; id: string },
  sent: { by: string; at: Date },
): Promise<void> {
  await tx.query(
    `update community_alerts set status = 'sent', sent_by = $3, sent_at = $4
     where jurisdiction_id = $1 and id = $2`,
    [key.jurisdictionId, key.id, sent.by, sent.at],
  );
}

/** A page of community alerts, newest first, after `after`. */
export async function listCommunityAlerts(
  db: Queryable,
  jurisdictionId: string,
  page: { after: PagePosition | null; limit: number },
): Promise<CommunityAlertRow[]> {
  return db.query<CommunityAlertRow>(
    `select ${COLUMNS} from community_alerts where jurisdiction_id = $1
       and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
     order by created_at desc, id desc limit $4`,
    [jurisdictionId, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
}
