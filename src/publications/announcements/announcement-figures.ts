import { SosError } from '../../platform/errors.js';
import type { PublicFigures } from '../public/public-figures.js';
import type { ReportFigure } from '../weekly/weekly-report.js';

/**
 * The figures an announcement states, taken from the jurisdiction's public (T0) figures as they are
 * published: every one has already passed primary and complementary suppression, and a hidden one
 * stays null here, to be worded "fewer than k". Nothing is counted afresh, so an announcement can
 * never show a number the public figures hide.
 */
export interface AnnouncementFigures {
  k: number;
  /** The public week the figures run to (`2024-W05`). */
  asOf: string;
  /** The last complete month (`YYYY-MM`) and the one before. */
  month: string;
  previousMonth: string;
  jurisdictionName: string;
  /** The public area spoken of; null id: the whole jurisdiction. */
  area: { id: string | null; name: string };
  areaMonth: ReportFigure;
  areaPreviousMonth: ReportFigure;
  jurisdictionMonth: ReportFigure;
}

/** Picks an announcement's figures out of the public figures; UNKNOWN_ANNOUNCEMENT_AREA for an area they do not show. */
export function announcementFigures(
  figures: PublicFigures,
  jurisdictionName: string,
  areaId: string | null,
): AnnouncementFigures {
  const last = figures.months.length - 1;
  const month = figures.months[last];
  const previous = figures.months[last - 1];
  if (!month || !previous) throw new Error('Public figures always hold twelve months');
  const common = {
    k: figures.k,
    asOf: figures.asOf.label,
    month: month.month,
    previousMonth: previous.month,
    jurisdictionName,
    jurisdictionMonth: month.total,
  };
  if (areaId === null) {
    return {
      ...common,
      area: { id: null, name: jurisdictionName },
      areaMonth: month.total,
      areaPreviousMonth: previous.total,
    };
  }
  const area = figures.areas.find((a) => a.id === areaId);
  if (!area) {
    throw new SosError(
      'UNKNOWN_ANNOUNCEMENT_AREA',
      `No public area "${areaId}": choose one of the areas the public figures show`,
      { field: 'area_id' },
    );
  }
  return {
    ...common,
    area: { id: area.id, name: area.name },
    areaMonth: area.counts[last] ?? null,
    areaPreviousMonth: area.counts[last - 1] ?? null,
  };
}

/** One table of a publication file (the format `sos suppression check` reads). */
interface FileTable {
  name: string;
  rows: string[];
  columns: string[];
  cells: (number | null)[][];
}

/**
 * The announcement's figures as a publication file (`readPublicationFiles`' JSON): one table for the
 * area's months and one for the jurisdiction's month, exactly the figures printed, hidden ones null.
 * No totals and no relations: the announcement prints none, and an area's months are not a sum of
 * anything it shows.
 */
export function figuresPublicationFile(figures: AnnouncementFigures): { tables: FileTable[] } {
  const column = ['overdoses'];
  if (figures.area.id === null) {
    return {
      tables: [
        {
          name: `${figures.jurisdictionName} by month`,
          rows: [figures.previousMonth, figures.month],
          columns: column,
          cells: [[figures.areaPreviousMonth], [figures.areaMonth]],
        },
      ],
    };
  }
  return {
    tables: [
      {
        name: `${figures.area.name} (area) by month`,
        rows: [figures.previousMonth, figures.month],
        columns: column,
        cells: [[figures.areaPreviousMonth], [figures.areaMonth]],
      },
      {
        name: `${figures.jurisdictionName} by month`,
        rows: [figures.month],
        columns: column,
        cells: [[figures.jurisdictionMonth]],
      },
    ],
  };
}
