import { z } from 'zod';
import type { AnnouncementContent, ChosenLink } from './announcement-content.js';
import type { StoredAnnouncement } from './announcement-repository.js';
import type { AnnouncementPreview } from './announcement-service.js';
import { announcementAudiences, readingLevels } from './announcement-templates.js';
import { readabilityFormulas } from './readability.js';

const linkSchema = z
  .object({
    kind: z.enum(['naloxone', 'treatment', 'crisis_line']),
    service_id: z.string().nullable().describe("The directory service's id; null for the 988 line"),
    label: z.string(),
    name: z.string(),
    detail: z.string().nullable(),
    url: z.string().nullable(),
  })
  .strict();

/** What an announcement prints, worded (contract "AnnouncementContent"). */
export const announcementContentSchema = z
  .object({
    language: z.string(),
    audience: z.enum(announcementAudiences),
    level: z.enum(readingLevels),
    title: z.string(),
    paragraphs: z.array(z.string()),
    message_heading: z.string().nullable(),
    message: z.string().nullable(),
    figures_heading: z.string(),
    figures: z
      .array(
        z
          .object({
            label: z.string(),
            value: z.string().describe('The public figure, or "fewer than k" when it is suppressed'),
            hidden: z.boolean(),
          })
          .strict(),
      )
      .describe('Public (T0) figures only, already suppressed'),
    figures_note: z.string(),
    help_heading: z.string(),
    links: z.array(linkSchema),
    short_text: z.string().max(280).describe('For SMS and social posts: 280 characters at most'),
    readability: z
      .object({
        formula: z.enum(readabilityFormulas),
        score: z.number().describe('Flesch-Kincaid: a school grade; Fernández-Huerta: ease 0-100'),
        band_label: z.string(),
        band_min: z.number(),
        band_max: z.number(),
        within_band: z.boolean().describe("False when the message took the text outside its level's band"),
      })
      .strict(),
  })
  .strict();

/** A suggested directory link (contract "AnnouncementLinkChoice"). */
const choiceSchema = z
  .object({
    kind: z.enum(['naloxone', 'treatment']),
    service_id: z.string(),
    name: z.string(),
    detail: z.string().nullable(),
  })
  .strict();

/** The builder's preview: the content, the links one may choose from, and the public areas. */
export const announcementPreviewSchema = z
  .object({
    as_of_week: z.string(),
    area_id: z.string().nullable(),
    content: announcementContentSchema,
    chosen_service_ids: z.array(z.string()),
    suggestions: z.array(choiceSchema),
    areas: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
    languages: z.array(z.object({ language: z.string(), name: z.string() }).strict()),
  })
  .strict();

/** An archived announcement (contract "Announcement"). */
export const announcementSchema = z
  .object({
    id: z.uuid(),
    made_at: z.iso.datetime(),
    made_by: z.uuid().describe('The user who made it'),
    audience: z.enum(announcementAudiences),
    language: z.string(),
    level: z.enum(readingLevels),
    area_id: z.string().nullable(),
    area_name: z.string(),
    as_of_week: z.string().describe('The public week its figures run to'),
    content: announcementContentSchema,
    pdf_url: z.string(),
    png_url: z.string(),
    text_url: z.string(),
    figures_url: z.string(),
  })
  .strict();

/** A page of the archive, newest first. */
export const announcementPageSchema = z
  .object({
    announcements: z.array(announcementSchema),
    next_cursor: z.string().nullable().describe('The cursor of the next page; null on the last page'),
  })
  .strict();

/** The short text alone. */
export const announcementTextSchema = z
  .object({ text: z.string().max(280), characters: z.number().int().max(280) })
  .strict();

/** The content's fields that leave, in snake_case. */
export function presentContent(content: AnnouncementContent): z.infer<typeof announcementContentSchema> {
  return {
    language: content.language,
    audience: content.audience,
    level: content.level,
    title: content.title,
    paragraphs: content.paragraphs,
    message_heading: content.messageHeading,
    message: content.message,
    figures_heading: content.figuresHeading,
    figures: content.figures.map((f) => ({ label: f.label, value: f.value, hidden: f.hidden })),
    figures_note: content.figuresNote,
    help_heading: content.helpHeading,
    links: content.links.map((l) => ({
      kind: l.kind,
      service_id: l.serviceId,
      label: l.label,
      name: l.name,
      detail: l.detail,
      url: l.url,
    })),
    short_text: content.short,
    readability: {
      formula: content.readability.formula,
      score: content.readability.score,
      band_label: content.readability.band.label,
      band_min: content.readability.band.min,
      band_max: content.readability.band.max,
      within_band: content.readability.withinBand,
    },
  };
}

const presentChoice = (c: ChosenLink) => ({
  kind: c.kind,
  service_id: c.serviceId ?? '',
  name: c.name,
  detail: c.detail,
});

/** The preview as it leaves. */
export function presentPreview(preview: AnnouncementPreview): z.infer<typeof announcementPreviewSchema> {
  return {
    as_of_week: preview.figures.asOf,
    area_id: preview.figures.area.id,
    content: presentContent(preview.content),
    chosen_service_ids: preview.content.links.flatMap((l) => (l.serviceId ? [l.serviceId] : [])),
    suggestions: preview.suggestions.map(presentChoice),
    areas: preview.areas,
    languages: preview.languages,
  };
}

/** An archived announcement as it leaves, with where its files are. */
export function presentAnnouncement(a: StoredAnnouncement): z.infer<typeof announcementSchema> {
  const base = `/api/v1/announcements/${a.id}`;
  return {
    id: a.id,
    made_at: a.madeAt.toISOString(),
    made_by: a.madeBy,
    audience: a.audience,
    language: a.language,
    level: a.level,
    area_id: a.areaId,
    area_name: a.areaName,
    as_of_week: a.asOfWeek,
    content: presentContent(a.content),
    pdf_url: `${base}/pdf`,
    png_url: `${base}/png`,
    text_url: `${base}/text`,
    figures_url: `${base}/figures.json`,
  };
}
