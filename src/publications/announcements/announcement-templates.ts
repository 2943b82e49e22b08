import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SosError } from '../../platform/errors.js';
import { readabilityFormulas } from './readability.js';

// Announcement wording is data: one JSON file a language in `templates/`, read and checked here, so
// a partner adds a language by adding a file (no code), and a wording change is reviewed as text.

/** Who an announcement is written for. */
export const announcementAudiences = ['community_group', 'school', 'youth_program'] as const;
/** An announcement's audience. */
export type AnnouncementAudience = (typeof announcementAudiences)[number];
/** How plainly it is written: about grade 5-6, or about grade 8-9. */
export const readingLevels = ['easy', 'standard'] as const;
/** A reading level. */
export type ReadingLevel = (typeof readingLevels)[number];

/** The slots every template's title and paragraphs fill, so every language says the same figures. */
export const TEMPLATE_SLOTS = [
  'area',
  'month',
  'previous_month',
  'area_month',
  'area_previous_month',
  'jurisdiction',
  'jurisdiction_month',
] as const;
/** The slots every short text fills: where, when, how many. */
export const SHORT_SLOTS = ['area', 'month', 'area_month'] as const;
/** A slot's name. */
export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number];

const SLOT = /\{([a-z_]+)\}/g;
const text = z.string().trim().min(1).max(2000);
const band = z
  .object({ label: text, min: z.number(), max: z.number() })
  .strict()
  .refine((b) => b.min < b.max, { message: 'min must be below max' });

const templateSchema = z
  .object({
    audience: z.enum(announcementAudiences),
    level: z.enum(readingLevels),
    title: text,
    body: z.array(text).min(1).max(8),
    short: z.string().trim().min(1).max(200),
  })
  .strict();

const wordsSchema = z
  .object({
    hidden: text.refine((t) => t.includes('{k}'), { message: 'must say the threshold as {k}' }),
    months: z.array(text).length(12),
    /** How a month is named with its year: `{month} {year}`. */
    month_year: text,
    figures_heading: text,
    figures_area_month: text,
    figures_area_previous_month: text,
    figures_jurisdiction_month: text,
    figures_note: text,
    message_heading: text,
    help_heading: text,
    naloxone: text,
    treatment: text,
    crisis_line: text,
    crisis_line_name: text,
    crisis_line_url: z.url(),
    short_help: z.string().trim().min(1).max(60),
  })
  .strict();

const languageSchema = z
  .object({
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 tag such as "es" or "pt-BR"'),
    name: text,
    formula: z.enum(readabilityFormulas),
    levels: z.object({ easy: band, standard: band }).strict(),
    audiences: z.object(Object.fromEntries(announcementAudiences.map((a) => [a, text]))).strict(),
    words: wordsSchema,
    templates: z.array(templateSchema),
  })
  .strict();

/** One template: an audience at a reading level, in one language. */
export type AnnouncementTemplate = z.infer<typeof templateSchema>;
/** One language file: its formula, level bands, labels, words and templates. */
export type TemplateLanguage = z.infer<typeof languageSchema> & {
  audiences: Record<AnnouncementAudience, string>;
};

/** The folder the shipped language files sit in (read from the source tree, as the HSDS schema is). */
export const TEMPLATE_FOLDER = fileURLToPath(
  new URL('../../../../src/publications/announcements/templates/', import.meta.url),
);

/** The slots a text names, in order of first use. */
export function slotsOf(textWithSlots: string): string[] {
  return [...new Set([...textWithSlots.matchAll(SLOT)].map((m) => m[1] as string))];
}

/** The required slots a template's title and paragraphs leave out, and those its short text leaves out. */
export function missingSlots(template: AnnouncementTemplate): { body: string[]; short: string[] } {
  const used = new Set(slotsOf([template.title, ...template.body].join('\n')));
  const short = new Set(slotsOf(template.short));
  return {
    body: TEMPLATE_SLOTS.filter((s) => !used.has(s)),
    short: SHORT_SLOTS.filter((s) => !short.has(s)),
  };
}

/** Fills `{slot}` markers; a slot with no value is left as written (the loader refuses unknown ones). */
export function fillSlots(textWithSlots: string, values: Readonly<Record<string, string>>): string {
  return textWithSlots.replace(SLOT, (marker, name: string) => values[name] ?? marker);
}

function invalid(file: string, detail: string): SosError {
  return new SosError('ANNOUNCEMENT_TEMPLATE_INVALID', `${file}: ${detail}`, { file });
}

/** Reads and checks one language file: schema, known slots, every slot used, every audience and level once. */
export function parseTemplateLanguage(file: string, source: string): TemplateLanguage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message})`);
  }
  const result = languageSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    throw invalid(file, `${where.replace(/^\./, '') || '(file)'}: ${issue?.message ?? 'not valid'}`);
  }
  const language = result.data as TemplateLanguage;
  const known = new Set<string>(TEMPLATE_SLOTS);
  const seen = new Set<string>();
  language.templates.forEach((template, t) => {
    const at = `templates[${t}] (${template.audience}, ${template.level})`;
    const key = `${template.audience}/${template.level}`;
    if (seen.has(key)) throw invalid(file, `${at}: a second template for this audience and level`);
    seen.add(key);
    const unknown = slotsOf([template.title, ...template.body, template.short].join('\n')).filter(
      (s) => !known.has(s),
    );
    if (unknown.length > 0) throw invalid(file, `${at}: unknown slot {${unknown[0]}}`);
    const missing = missingSlots(template);
    if (missing.body.length > 0)
      throw invalid(file, `${at}: the title and body never say {${missing.body[0]}}`);
    if (missing.short.length > 0) throw invalid(file, `${at}.short: never says {${missing.short[0]}}`);
  });
  for (const audience of announcementAudiences) {
    for (const level of readingLevels) {
      if (!seen.has(`${audience}/${level}`))
        throw invalid(file, `templates: none for ${audience} at ${level}`);
    }
  }
  const expected = path.basename(file, '.json');
  if (language.language !== expected) {
    throw invalid(file, `language: "${language.language}" but the file is named ${expected}.json`);
  }
  return language;
}

/** Every language file of a folder (`xx.json`), by language tag, in file name order. */
export function loadTemplateLanguages(folder: string = TEMPLATE_FOLDER): Map<string, TemplateLanguage> {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const languages = new Map<string, TemplateLanguage>();
  for (const name of files) {
    const file = path.join(folder, name);
    const language = parseTemplateLanguage(file, readFileSync(file, 'utf8'));
    languages.set(language.language, language);
  }
  return languages;
}

let shipped: Map<string, TemplateLanguage> | undefined;

/** The shipped language files, read once. */
export function templateLanguages(): Map<string, TemplateLanguage> {
  shipped ??= loadTemplateLanguages();
  return shipped;
}

/** A language's template for an audience and level; UNKNOWN_ANNOUNCEMENT_LANGUAGE when the language has no file. */
export function findTemplate(
  languages: Map<string, TemplateLanguage>,
  languageTag: string,
  audience: AnnouncementAudience,
  level: ReadingLevel,
): { language: TemplateLanguage; template: AnnouncementTemplate } {
  const language = languages.get(languageTag);
  if (!language) {
    throw new SosError(
      'UNKNOWN_ANNOUNCEMENT_LANGUAGE',
      `No announcement templates in "${languageTag}": choose one of ${[...languages.keys()].join(', ')}`,
      { field: 'language' },
    );
  }
  const template = language.templates.find((t) => t.audience === audience && t.level === level);
  // The loader refuses a file without every audience and level, so this is always found.
  return { language, template: template as AnnouncementTemplate };
}
