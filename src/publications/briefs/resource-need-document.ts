import { countText, groupDigits, rateText } from '../weekly/report-text.js';
import type { BriefDocument } from './brief-document.js';
import { areaTitle, periodText, shareText } from './public-safety-brief-document.js';
import type { ResourceNeed } from './resource-need.js';

/** The one-pager as a printable document for officials, figures as the public may see them. */
export function resourceNeedDocument(need: ResourceNeed): BriefDocument {
  const { context } = need;
  const brief = { area: context.area, jurisdiction: context.jurisdiction, period: context.period };
  const rate = (r: ResourceNeed['rate']) => (r.rate === null ? 'not shown' : rateText(r.rate, r.unreliable));
  const rows = [
    {
      cells: [
        context.area.id === null ? context.jurisdiction.name : context.area.name,
        countText(need.total),
        countText(need.lastYearTotal),
        rate(need.rate),
      ],
    },
  ];
  if (need.jurisdiction) {
    rows.push({
      cells: [
        need.jurisdiction.name,
        countText(need.jurisdiction.total),
        countText(need.jurisdiction.lastYearTotal),
        rate(need.jurisdiction.rate),
      ],
    });
  }
  return {
    title: `Overdoses in ${context.area.id === null ? context.jurisdiction.name : context.area.name}: the need for resources`,
    subtitle: `${areaTitle(brief)} · ${periodText(brief)}`,
    audience: `For county and city officials; figures as published to the public (counts of 1 to ${need.k - 1} hidden)`,
    statement: need.statement,
    sections: [
      {
        heading: 'Overdoses and rate',
        table: {
          title: 'Suspected overdoses',
          columns: [
            { header: '', share: 0.34 },
            { header: 'These weeks', share: 0.2, align: 'right' },
            { header: 'Same weeks a year before', share: 0.24, align: 'right' },
            { header: 'Per 100,000 residents', share: 0.22, align: 'right' },
          ],
          rows,
          footnote: `Rates are over the ${context.period.weeks.length} weeks, not a year; "*" marks a rate from fewer than 20 overdoses.`,
        },
        paragraphs: [
          need.trendSentence,
          `Fatal: ${countText(need.outcome.fatal)}; non-fatal: ${countText(need.outcome.nonfatal)}; outcome not known: ${countText(need.outcome.unknown)}.`,
        ],
      },
      {
        heading: 'The busiest times',
        items:
          need.busiestWindows.length === 0
            ? ['No overdose with a time of day over these weeks.']
            : need.busiestWindows.map((w) => `${w.label}: ${shareText(w.count, need.total)}`),
      },
      {
        heading: 'Hot spots',
        paragraphs: [
          need.hotSpots === 0
            ? 'No place of about 5 km² in the area is a hot spot over these weeks.'
            : `${groupDigits(need.hotSpots)} place${need.hotSpots === 1 ? '' : 's'} of about 5 km² (H3 cells) in the area ${need.hotSpots === 1 ? 'is a hot spot' : 'are hot spots'}: overdoses cluster there beyond chance.`,
        ],
      },
    ],
    notes: [
      `Counts of 1 to ${need.k - 1} read "hidden", as do counts that would give them away, so that no one can be singled out.`,
      `Weeks are MMWR weeks (Sunday to Saturday); hours are local (${context.jurisdiction.timeZone}).`,
    ],
    onePage: true,
    generatedAt: context.generatedAt,
  };
}
