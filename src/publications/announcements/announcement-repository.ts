import type { Queryable } from '../../platform/database.js';
import type { PagePosition } from '../../platform/page-cursor.js';
import type { AnnouncementContent } from './announcement-content.js';
import type { AnnouncementFigures } from './announcement-figures.js';
import type { AnnouncementAudience, ReadingLevel } from './announcement-templates.js';

/** An announcement as archived. */
export interface StoredAnnouncement {
  id: string;
  madeAt: Date;
  madeBy: string;
  audience: AnnouncementAudience;
  language: string;
  level: ReadingLevel;
  areaId: string | null;
  areaName: string;
  asOfWeek: string;
  message: string | null;
  figures: AnnouncementFigures;
  content: AnnouncementContent;
  jurisdictionName: string;
}

const columns = `a.id::text as id, a.made_at as "madeAt", a.made_by::text as "madeBy", a.audience,
  a.language, a.level, a.area_id as "areaId", a.area_name as "areaName", a.as_of_week as "asOfWeek",
  a.message, a.figures, a.content, a.jurisdiction_name as "jurisdictionName"`;

/** JSON columns come back parsed from PostgreSQL, and as text from some drivers: read both. */
function parsed(row: StoredAnnouncement): StoredAnnouncement {
  const json = <T>(value: unknown): T =>
    typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
  return {
    ...row,
    madeAt: new Date(row.madeAt),
    figures: json<AnnouncementFigures>(row.figures),
    content: json<AnnouncementContent>(row.content),
  };
}

/** Archives an announcement. */
export async function insertAnnouncement(
  db: Queryable,
  jurisdictionId: string,
  a: StoredAnnouncement,
): Promise<void> {
  await db.query(
    `insert into announcements (jurisdiction_id, id, made_at, made_by, audience, language, level, area_id,
       area_name, as_of_week, message, figures, content, jurisdiction_name)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json, $13::json, $14)`,
    [
      jurisdictionId,
      a.id,
      a.madeAt,
      a.madeBy,
      a.audience,
      a.language,
      a.level,
      a.areaId,
      a.areaName,
      a.asOfWeek,
      a.message,
      JSON.stringify(a.figures),
      JSON.stringify(a.content),
      a.jurisdictionName,
    ],
  );
}

/** One announcement of the jurisdiction, or null. */
export async function findAnnouncement(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredAnnouncement | null> {
  const rows = await db.query<StoredAnnouncement>(
    `select ${columns} from announcements a where a.jurisdiction_id = $1 and a.id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ? parsed(rows[0]) : null;
}

/** A page of the jurisdiction's announcements, newest first, after a position; one more than `limit` tells a next page. */
export async function listAnnouncements(
  db: Queryable,
  jurisdictionId: string,
  page: { limit: number; after: PagePosition | null },
): Promise<StoredAnnouncement[]> {
  const rows = await db.query<StoredAnnouncement>(
    `select ${columns} from announcements a
     where a.jurisdiction_id = $1
       and ($2::timestamptz is null or (a.made_at, a.id) < ($2::timestamptz, $3::uuid))
     order by a.made_at desc, a.id desc
     limit $4`,
    [jurisdictionId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return rows.map(parsed);
}
