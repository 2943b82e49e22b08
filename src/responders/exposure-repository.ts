import type { Queryable } from '../platform/database.js';
import type { SceneKind } from './scene-rule.js';

/** A unit's exposure to a hard scene, as stored. */
export interface Exposure {
  id: string;
  unitId: string;
  overdoseId: string;
  sceneKinds: SceneKind[];
  occurredAt: Date;
  promptSentAt: Date | null;
  tokenHash: string | null;
  offerMade: boolean | null;
  offerAccepted: boolean | null;
  answeredAt: Date | null;
}

/** The columns of an exposure, of the table under the alias `t`. */
const columnsOf = (t: string) => `${t}.jurisdiction_id::text as "jurisdictionId", ${t}.id::text as id,
  ${t}.unit_id::text as "unitId", ${t}.overdose_id::text as "overdoseId", ${t}.scene_kinds as "sceneKinds",
  ${t}.occurred_at as "occurredAt", ${t}.prompt_sent_at as "promptSentAt", ${t}.token_hash as "tokenHash",
  ${t}.offer_made as "offerMade", ${t}.offer_accepted as "offerAccepted", ${t}.answered_at as "answeredAt"`;

type Row = Exposure & { jurisdictionId: string; sceneKinds: SceneKind[] | string };

function revive(row: Row): Exposure & { jurisdictionId: string } {
  return {
    ...row,
    sceneKinds: typeof row.sceneKinds === 'string' ? JSON.parse(row.sceneKinds) : row.sceneKinds,
  };
}

/**
 * Serializes the recording of scenes in a jurisdiction for the transaction: two events about one
 * scene handled at once must not give a unit two exposures (and its supervisor two prompts).
 */
export async function lockSceneRecording(tx: Queryable, jurisdictionId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
    `responder-scenes:${jurisdictionId}`,
  ]);
}

/** The exposures of these units to any of these overdoses (one scene's). */
export async function findSceneExposures(
  db: Queryable,
  jurisdictionId: string,
  unitIds: readonly string[],
  overdoseIds: readonly string[],
): Promise<Exposure[]> {
  if (unitIds.length === 0 || overdoseIds.length === 0) return [];
  const rows = await db.query<Row>(
    `select ${columnsOf('e')} from responder_exposures e
     where jurisdiction_id = $1 and unit_id = any($2::uuid[]) and overdose_id = any($3::uuid[])`,
    [jurisdictionId, unitIds, overdoseIds],
  );
  return rows.map(revive);
}

/** Inserts an exposure (no prompt yet). */
export async function insertExposure(db: Queryable, jurisdictionId: string, e: Exposure): Promise<void> {
  await db.query(
    `insert into responder_exposures (jurisdiction_id, id, unit_id, overdose_id, scene_kinds, occurred_at)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [jurisdictionId, e.id, e.unitId, e.overdoseId, JSON.stringify(e.sceneKinds), e.occurredAt],
  );
}

/** Writes the kinds of an exposure's scene (a victim found later, a correction to fatal). */
export async function updateExposureKinds(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  kinds: readonly SceneKind[],
): Promise<void> {
  await db.query('update responder_exposures set scene_kinds = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
    JSON.stringify(kinds),
  ]);
}

/** An exposure whose supervisor has not been prompted yet, with what the prompt says. */
export interface PendingPrompt {
  id: string;
  tokenHash: string | null;
  sceneKinds: SceneKind[];
  occurredAt: Date;
  unitName: string;
  supervisorEmail: string;
}

/** The exposures among these ids not prompted yet, with their unit's name and supervisor. */
export async function findPendingPrompts(
  db: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<PendingPrompt[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<PendingPrompt & { sceneKinds: SceneKind[] | string }>(
    `select e.id::text as id, e.token_hash as "tokenHash", e.scene_kinds as "sceneKinds",
            e.occurred_at as "occurredAt", u.name as "unitName", u.supervisor_email as "supervisorEmail"
     from responder_exposures e
     join responder_units u on u.jurisdiction_id = e.jurisdiction_id and u.id = e.unit_id
     where e.jurisdiction_id = $1 and e.id = any($2::uuid[]) and e.prompt_sent_at is null
     order by e.occurred_at, e.id`,
    [jurisdictionId, ids],
  );
  return rows.map((r) => ({
    ...r,
    sceneKinds: typeof r.sceneKinds === 'string' ? JSON.parse(r.sceneKinds) : r.sceneKinds,
  }));
}

/**
 * Gives a pending prompt a new link (its hash), if nobody did since `previous` was read: the one who
 * swaps it sends the email, so two handlers never send one prompt twice at once.
 */
export async function claimPromptLink(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  previous: string | null,
  tokenHash: string,
): Promise<boolean> {
  const rows = await db.query(
    `update responder_exposures set token_hash = $4
     where jurisdiction_id = $1 and id = $2 and prompt_sent_at is null and token_hash is not distinct from $3
     returning id`,
    [jurisdictionId, id, previous, tokenHash],
  );
  return rows.length === 1;
}

/** Marks a prompt sent (its link is valid from then on). */
export async function markPromptSent(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  at: Date,
): Promise<void> {
  await db.query(
    'update responder_exposures set prompt_sent_at = $3 where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, id, at],
  );
}

/** The exposure a link's hash opens (any jurisdiction: the link is all the supervisor has), or null. */
export async function findExposureByLink(
  db: Queryable,
  tokenHash: string,
): Promise<(Exposure & { jurisdictionId: string; unitName: string }) | null> {
  const rows = await db.query<Row & { unitName: string }>(
    `select ${columnsOf('e')}, u.name as "unitName"
     from responder_exposures e
     join responder_units u on u.jurisdiction_id = e.jurisdiction_id and u.id = e.unit_id
     where e.token_hash = $1 and e.prompt_sent_at is not null`,
    [tokenHash],
  );
  const row = rows[0];
  return row ? { ...revive(row), unitName: row.unitName } : null;
}

/** Records the answer once: false when it was answered already (by a request at the same moment too). */
export async function recordOfferAnswer(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  answer: { offerMade: boolean; offerAccepted: boolean | null },
  at: Date,
): Promise<boolean> {
  const rows = await db.query(
    `update responder_exposures set offer_made = $3, offer_accepted = $4, answered_at = $5
     where jurisdiction_id = $1 and id = $2 and answered_at is null returning id`,
    [jurisdictionId, id, answer.offerMade, answer.offerAccepted, at],
  );
  return rows.length === 1;
}

/** The exposures of these units that occurred in [from, to). */
export async function findExposuresBetween(
  db: Queryable,
  jurisdictionId: string,
  unitIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Exposure[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.query<Row>(
    `select ${columnsOf('e')} from responder_exposures e
     where e.jurisdiction_id = $1 and e.unit_id = any($2::uuid[]) and e.occurred_at >= $3 and e.occurred_at < $4
     order by e.occurred_at, e.id`,
    [jurisdictionId, unitIds, from, to],
  );
  return rows.map(revive);
}
