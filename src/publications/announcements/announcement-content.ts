import type { ReportFigure } from '../weekly/weekly-report.js';
import type { AnnouncementFigures } from './announcement-figures.js';
import {
  type AnnouncementAudience,
  type AnnouncementTemplate,
  fillSlots,
  type ReadingLevel,
  type TemplateLanguage,
} from './announcement-templates.js';
import { measureReadability, type ReadabilityFormula } from './readability.js';

/** A link printed under "Where to get help": a directory service, or the 988 line (fixed data). */
export interface AnnouncementLink {
  kind: 'naloxone' | 'treatment' | 'crisis_line';
  /** The directory service's id; null for the 988 line. */
  serviceId: string | null;
  name: string;
  /** A phone number and address, as the directory holds them. */
  detail: string | null;
  url: string | null;
}

/** A link as the builder chose it, before the language's labels are applied. */
export type ChosenLink = Omit<AnnouncementLink, 'kind'> & { kind: 'naloxone' | 'treatment' };

/**
 * Everything an announcement prints, in its language, with its figures already worded: what the
 * archive keeps, so the PDF, image and text are drawn again identically from it.
 */
export interface AnnouncementContent {
  language: string;
  audience: AnnouncementAudience;
  level: ReadingLevel;
  title: string;
  paragraphs: string[];
  messageHeading: string | null;
  message: string | null;
  figuresHeading: string;
  figures: { label: string; value: string; hidden: boolean }[];
  figuresNote: string;
  helpHeading: string;
  links: (AnnouncementLink & { label: string })[];
  short: string;
  readability: {
    formula: ReadabilityFormula;
    score: number;
    band: { label: string; min: number; max: number };
    /** False when the analyst's message took the whole outside its level's band. */
    withinBand: boolean;
  };
}

/** SMS and social posts: one message. */
export const SHORT_TEXT_LIMIT = 280;

/** A public figure in words: the number, or "fewer than k" when the public figures hide it. */
export function figureWords(value: ReportFigure, k: number, language: TemplateLanguage): string {
  if (value === null) return fillSlots(language.words.hidden, { k: String(k) });
  return new Intl.NumberFormat(language.language).format(value);
}

/** A month (`YYYY-MM`) in words: "March 2024", "marzo de 2024". */
export function monthWords(month: string, language: TemplateLanguage): string {
  const name = language.words.months[Number(month.slice(5, 7)) - 1] ?? month;
  return fillSlots(language.words.month_year, { month: name, year: month.slice(0, 4) });
}

/** Cuts text to a length at a word, ending with "…". */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  if (length <= 1) return '';
  const head = text.slice(0, length - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > length / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * The short text (SMS, social): the template's line, the analyst's message if room is left (cut at
 * a word when it is long), and the 988 line; never over SHORT_TEXT_LIMIT characters.
 */
export function shortText(line: string, message: string | null, help: string): string {
  const base = `${line} ${help}`;
  if (base.length >= SHORT_TEXT_LIMIT) return cut(base, SHORT_TEXT_LIMIT);
  if (!message) return base;
  const room = SHORT_TEXT_LIMIT - base.length - 1;
  const said = cut(message.replace(/\s+/g, ' ').trim(), room);
  return said ? `${line} ${said} ${help}` : base;
}

/** Builds an announcement's content from a template, the public figures, the message and the links. */
export function composeAnnouncement(input: {
  language: TemplateLanguage;
  template: AnnouncementTemplate;
  figures: AnnouncementFigures;
  message: string | null;
  organizationName: string;
  links: ChosenLink[];
}): AnnouncementContent {
  const { language, template, figures } = input;
  const words = language.words;
  const values: Record<string, string> = {
    area: figures.area.name,
    month: monthWords(figures.month, language),
    previous_month: monthWords(figures.previousMonth, language),
    area_month: figureWords(figures.areaMonth, figures.k, language),
    area_previous_month: figureWords(figures.areaPreviousMonth, figures.k, language),
    jurisdiction: figures.jurisdictionName,
    jurisdiction_month: figureWords(figures.jurisdictionMonth, figures.k, language),
    organization: input.organizationName,
    as_of: figures.asOf,
  };
  const title = fillSlots(template.title, values);
  const paragraphs = template.body.map((p) => fillSlots(p, values));
  const message = input.message?.trim() || null;
  const measured = measureReadability([title, ...paragraphs, message ?? ''].join('\n'), language.formula);
  const band = language.levels[template.level];
  const figure = (label: string, value: ReportFigure) => ({
    label: fillSlots(label, values),
    value: figureWords(value, figures.k, language),
    hidden: value === null,
  });
  const rows = [
    figure(words.figures_area_month, figures.areaMonth),
    figure(words.figures_area_previous_month, figures.areaPreviousMonth),
  ];
  if (figures.area.id !== null)
    rows.push(figure(words.figures_jurisdiction_month, figures.jurisdictionMonth));
  return {
    language: language.language,
    audience: template.audience,
    level: template.level,
    title,
    paragraphs,
    messageHeading: message ? fillSlots(words.message_heading, values) : null,
    message,
    figuresHeading: words.figures_heading,
    figures: rows,
    figuresNote: fillSlots(words.figures_note, values),
    helpHeading: words.help_heading,
    links: [
      ...input.links.map((link) => ({ ...link, label: words[link.kind] })),
      {
        kind: 'crisis_line' as const,
        serviceId: null,
        name: words.crisis_line_name,
        detail: words.crisis_line,
        url: words.crisis_line_url,
        label: words.crisis_line_name,
      },
    ],
    short: shortText(fillSlots(template.short, values), message, words.short_help),
    readability: {
      formula: language.formula,
      score: Math.round(measured.score * 10) / 10,
      band,
      withinBand: measured.score >= band.min && measured.score < band.max,
    },
  };
}
