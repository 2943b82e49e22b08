import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorizeUser } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { CatalogCache } from '../../directory/catalog-cache.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, encodePageCursor } from '../../platform/page-cursor.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { readPublicFigures } from '../public/public-service.js';
import { type AnnouncementContent, type ChosenLink, composeAnnouncement } from './announcement-content.js';
import { announcementFigures, figuresPublicationFile } from './announcement-figures.js';
import { type AnnouncementFile, announcementPdf, announcementPng } from './announcement-files.js';
import { chooseLinks, geometryCenter, suggestLinks } from './announcement-links.js';
import {
  findAnnouncement,
  insertAnnouncement,
  listAnnouncements,
  type StoredAnnouncement,
} from './announcement-repository.js';
import {
  type AnnouncementAudience,
  findTemplate,
  type ReadingLevel,
  type TemplateLanguage,
  templateLanguages,
} from './announcement-templates.js';

/** What the announcement services need of the app. */
export interface AnnouncementDependencies {
  db: Database;
  clock: Clock;
  /** The directory's catalogs read lately (links are searched through the directory's service). */
  catalogs: CatalogCache;
  cache?: AggregateCache | undefined;
  /** Chromium's path for PDFs and images (null: none; undefined: look for it). */
  chromium?: string | null | undefined;
  /** The language files (default: the shipped ones). */
  languages?: Map<string, TemplateLanguage>;
}

/** What the builder asks for. */
export interface AnnouncementRequest {
  audience: AnnouncementAudience;
  language: string;
  level: ReadingLevel;
  /** A public area's id; null or absent: the whole jurisdiction. */
  area_id?: string | null | undefined;
  message?: string | null | undefined;
  /** Who the message is from ("A message from ..."); the jurisdiction's name by default. */
  signed_by?: string | null | undefined;
  /** The directory services to print, by id, from the suggestions; absent: chosen for the area. */
  link_service_ids?: string[] | undefined;
}

/** A built announcement, not yet archived: its content, the links one may choose from and the public areas. */
export interface AnnouncementPreview {
  content: AnnouncementContent;
  figures: ReturnType<typeof announcementFigures>;
  suggestions: ChosenLink[];
  areas: { id: string; name: string }[];
  /** The languages with a template file, by tag and name. */
  languages: { language: string; name: string }[];
}

/** Builds the announcement from the actor's jurisdiction's current public figures. */
async function build(
  deps: AnnouncementDependencies,
  actor: Actor & { jurisdictionId: string },
  request: AnnouncementRequest,
) {
  const languages = deps.languages ?? templateLanguages();
  const { language, template } = findTemplate(languages, request.language, request.audience, request.level);
  const { jurisdiction, figures: published } = await readPublicFigures(deps.db, actor, actor.jurisdictionId, {
    clock: deps.clock,
    cache: deps.cache,
  });
  const areaId = request.area_id ?? null;
  const figures = announcementFigures(published, jurisdiction.name, areaId);
  const area = published.areas.find((a) => a.id === areaId);
  const suggestions = await suggestLinks(
    { db: deps.db, clock: deps.clock, catalogs: deps.catalogs },
    actor,
    area ? geometryCenter(area.geometry) : null,
  );
  const links = chooseLinks(suggestions, request.link_service_ids);
  const content = composeAnnouncement({
    language,
    template,
    figures,
    message: request.message ?? null,
    organizationName: request.signed_by?.trim() || jurisdiction.name,
    links,
  });
  return {
    jurisdiction,
    preview: {
      content,
      figures,
      suggestions,
      areas: published.areas.map((a) => ({ id: a.id, name: a.name })),
      languages: [...languages.values()].map((l) => ({ language: l.language, name: l.name })),
    } satisfies AnnouncementPreview,
  };
}

/** The announcement as it would be made now (nothing archived), with the links and areas to choose from. */
export async function previewAnnouncement(
  deps: AnnouncementDependencies,
  actor: Actor,
  request: AnnouncementRequest,
): Promise<AnnouncementPreview> {
  authorizeUser(actor, 'announcement.manage');
  return (await build(deps, actor, request)).preview;
}

/** Makes and archives an announcement; audited in the same transaction. */
export async function createAnnouncement(
  deps: AnnouncementDependencies,
  actor: Actor,
  request: AnnouncementRequest,
): Promise<StoredAnnouncement> {
  authorizeUser(actor, 'announcement.manage');
  const { jurisdiction, preview } = await build(deps, actor, request);
  const madeAt = deps.clock.now();
  const stored: StoredAnnouncement = {
    id: newId(madeAt.getTime()),
    madeAt,
    madeBy: actor.userId,
    audience: preview.content.audience,
    language: preview.content.language,
    level: preview.content.level,
    areaId: preview.figures.area.id,
    areaName: preview.figures.area.name,
    asOfWeek: preview.figures.asOf,
    message: preview.content.message,
    figures: preview.figures,
    content: preview.content,
    jurisdictionName: jurisdiction.name,
  };
  await deps.db.transaction(async (tx) => {
    await insertAnnouncement(tx, actor.jurisdictionId, stored);
    await recordAuditEntries(tx, actor.jurisdictionId, madeAt, [
      {
        ...auditActor(actor),
        action: 'announcement.create',
        subjectType: 'announcement',
        subjectId: stored.id,
        purpose: 'operations',
        details: {
          audience: stored.audience,
          language: stored.language,
          level: stored.level,
          area_id: stored.areaId,
          as_of_week: stored.asOfWeek,
        },
      },
    ]);
  });
  return stored;
}

/** A page of the jurisdiction's announcements, newest first. */
export async function readAnnouncements(
  deps: AnnouncementDependencies,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ announcements: StoredAnnouncement[]; nextCursor: string | null }> {
  authorizeUser(actor, 'announcement.manage');
  const after = query.cursor ? decodePageCursor(query.cursor) : null;
  const rows = await listAnnouncements(deps.db, actor.jurisdictionId, { limit: query.limit, after });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    announcements: page,
    nextCursor: rows.length > query.limit && last ? encodePageCursor({ at: last.madeAt, id: last.id }) : null,
  };
}

/** One archived announcement of the jurisdiction; NOT_FOUND otherwise. */
export async function readAnnouncement(
  deps: AnnouncementDependencies,
  actor: Actor,
  id: string,
): Promise<StoredAnnouncement> {
  authorizeUser(actor, 'announcement.manage');
  const found = await findAnnouncement(deps.db, actor.jurisdictionId, id);
  if (!found) throw new SosError('NOT_FOUND', 'No announcement by that id');
  return found;
}

/** An archived announcement's PDF or image, drawn again from its archived content. */
export async function announcementFile(
  deps: AnnouncementDependencies,
  actor: Actor,
  id: string,
  format: 'pdf' | 'png',
): Promise<{ file: AnnouncementFile; announcement: StoredAnnouncement }> {
  authorizeUser(actor, 'announcement.manage');
  const announcement = await readAnnouncement(deps, actor, id);
  const rendering = {
    chromium: deps.chromium,
    jurisdictionName: announcement.jurisdictionName,
    madeAt: announcement.madeAt,
  };
  const file =
    format === 'pdf'
      ? await announcementPdf(announcement.content, rendering)
      : await announcementPng(announcement.content, rendering);
  return { file, announcement };
}

/** An archived announcement's figures as a publication file that `sos suppression check` reads. */
export async function announcementFiguresFile(
  deps: AnnouncementDependencies,
  actor: Actor,
  id: string,
): Promise<ReturnType<typeof figuresPublicationFile>> {
  authorizeUser(actor, 'announcement.manage');
  return figuresPublicationFile((await readAnnouncement(deps, actor, id)).figures);
}
