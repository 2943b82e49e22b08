import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pdfPageCount, pdfText } from '../../../test/support/pdf-text.js';
import { sampleWeeklyReport } from '../../../test/support/weekly-report-fixture.js';
import { renderWeeklyReportPdf } from './plain-pdf.js';
import { audiences, type WeeklyReport } from './weekly-report.js';

const outputs = path.resolve('test-results', 'reports');

/** The PDF's text as one string: chart labels are drawn a letter at a time, so runs are joined. */
const flatText = (pdf: Uint8Array) => pdfText(pdf).replaceAll('\n', '');

describe('renderWeeklyReportPdf', () => {
  for (const audience of audiences) {
    it(`renders the ${audience} report as a complete PDF with its figures and words`, async () => {
      const report = sampleWeeklyReport(audience);
      const pdf = await renderWeeklyReportPdf(report);
      await mkdir(outputs, { recursive: true });
      await writeFile(path.join(outputs, `plain-${audience}.pdf`), pdf);

      const bytes = Buffer.from(pdf);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(bytes.toString('latin1').trimEnd().slice(-5), '%%EOF');

      const lines = pdfText(pdf).split('\n');
      const text = flatText(pdf);
      assert.ok(lines.includes('Delmont County'));
      assert.ok(lines.includes('Weekly overdose report'));
      assert.ok(
        text.includes({ internal: 'Internal — analysts', partner: 'Partners', public: 'Public' }[audience]),
      );
      assert.ok(text.includes('Week 2024-W05, Jan 28 – Feb 3, 2024'));
      assert.ok(lines.includes('Fentanyl or analogue'), 'a breakdown row');
      assert.ok(
        text.includes('<outdoors>') && !text.includes('&lt;'),
        'labels print as written, not as markup',
      );
      assert.ok(text.includes('Weekly overdoses'), "the trend chart's legend");
      assert.ok(text.includes('Rate per 100,000'), "the map's legend");
      assert.equal(text.includes('Alerts and responses'), report.alerts !== null);
      assert.equal(text.includes('naloxone distributed'), report.alerts !== null);

      if (audience === 'public') {
        assert.equal(pdfPageCount(pdf), 1, 'the public report is one page');
        assert.ok(lines.includes('of which fatal: hidden'), 'a suppressed headline figure');
        assert.ok(lines.includes('hidden'), 'a suppressed table figure');
        assert.ok(
          text.includes('hatched: hidden week (see the notes)'),
          "the trend's legend of a hidden week",
        );
      } else {
        const pages = pdfPageCount(pdf);
        assert.ok(pages >= 2 && pages <= 3, `${pages} pages`);
      }
      if (audience === 'internal')
        assert.ok(!lines.some((line) => line.startsWith('<')), 'nothing hidden at k = 1');
      if (audience === 'partner') assert.ok(lines.includes('hidden'));
    });
  }

  for (const audience of audiences) {
    it(`prints the naloxone coverage section in the ${audience} report, a hidden count as hidden`, async () => {
      const report: WeeklyReport = {
        ...sampleWeeklyReport(audience),
        naloxone: {
          period: { first: '2023-02-05', last: '2024-02-03' },
          layerName: 'Towns',
          thresholds: { kitsPerOverdose: 10, overdosesPerAccessPoint: 50, minOverdoses: 10 },
          kits: 56723,
          deserts: [
            {
              rank: 1,
              label: 'Waterbury',
              overdoses: 212,
              rate: 196.3,
              population: 108000,
              kits: 840,
              kitsPerOverdose: 840 / 212,
              accessPoints: 1,
            },
            {
              rank: 2,
              label: 'Torrington',
              overdoses: null,
              rate: null,
              population: 35000,
              kits: 30,
              kitsPerOverdose: null,
              accessPoints: 0,
            },
          ],
        },
      };
      const pdf = await renderWeeklyReportPdf(report);
      const text = flatText(pdf);
      assert.ok(text.includes('Naloxone coverage'));
      assert.ok(text.includes('56,723 kits were recorded in all'));
      if (audience === 'public') {
        assert.ok(text.includes('Deserts, by rank: Waterbury, Torrington.'), 'named, without their counts');
        assert.ok(!text.includes('212'));
        assert.equal(pdfPageCount(pdf), 1, 'the public report stays one page');
        return;
      }
      const lines = pdfText(pdf).split('\n');
      assert.ok(lines.includes('Waterbury') && lines.includes('Torrington'));
      assert.ok(lines.includes('212') && lines.includes('840') && lines.includes('4.0'));
      assert.ok(
        lines.filter((line) => line === 'hidden').length >= 3,
        'the hidden count, its rate and its kits per overdose',
      );
    });
  }

  it('says no area is a desert when none is', async () => {
    const report: WeeklyReport = {
      ...sampleWeeklyReport('internal'),
      naloxone: {
        period: { first: '2023-02-05', last: '2024-02-03' },
        layerName: 'Towns',
        thresholds: { kitsPerOverdose: 10, overdosesPerAccessPoint: 50, minOverdoses: 1 },
        kits: 120,
        deserts: [],
      },
    };
    assert.ok(flatText(await renderWeeklyReportPdf(report)).includes('No towns area is a naloxone desert.'));
  });

  it('says "not shown" for a withheld change, and is the same bytes every time', async () => {
    const report = sampleWeeklyReport('public');
    const withheld: WeeklyReport = {
      ...report,
      headline: {
        ...report.headline,
        sameWeekLastYear: null,
        changeVsLastYear: null,
        changeVsPreviousFourWeeks: null,
      },
    };
    const pdf = await renderWeeklyReportPdf(withheld);
    const lines = pdfText(pdf).split('\n');
    assert.ok(lines.includes('change: not shown'));
    assert.ok(lines.includes('not shown'));
    assert.deepEqual(await renderWeeklyReportPdf(withheld), pdf);
  });

  it('leaves no trace of a hidden figure: reports that differ only in it print the same bytes', async () => {
    const report = sampleWeeklyReport('public');
    const withHiddenRate = (rate: number): WeeklyReport => ({
      ...report,
      breakdowns: report.breakdowns.map((breakdown) => ({
        ...breakdown,
        rows: breakdown.rows.map((row) =>
          row.count === null ? { ...row, rate, rateUnreliable: true } : row,
        ),
      })),
      map: report.map && {
        ...report.map,
        areas: [
          ...report.map.areas,
          {
            ...(report.map.areas[0] ?? { key: 'x', label: 'x', geometry: null }),
            key: 'hidden',
            count: null,
            rate,
          },
        ],
      },
    });
    assert.deepEqual(
      await renderWeeklyReportPdf(withHiddenRate(3.5)),
      await renderWeeklyReportPdf(withHiddenRate(8.25)),
    );
  });

  it('continues a long table on the next page with its title and header again', async () => {
    const report = sampleWeeklyReport('partner');
    const long: WeeklyReport = {
      ...report,
      breakdowns: [
        {
          dimension: 'zip',
          title: 'By ZIP code',
          rows: Array.from({ length: 120 }, (_, i) => ({
            key: `z${i}`,
            label: `ZIP ${19100 + i}`,
            count: 5 + (i % 7),
          })),
          total: 1000,
        },
      ],
    };
    const pdf = await renderWeeklyReportPdf(long);
    const lines = pdfText(pdf).split('\n');
    const continued = lines.filter((line) => line === 'By ZIP code (continued)').length;
    assert.ok(continued >= 1, 'the table goes on under its title');
    assert.equal(
      lines.filter((line) => line === 'Count').length,
      continued + 1,
      'with its header on every page',
    );
    assert.ok(lines.includes('ZIP 19219'), 'down to the last row');
    assert.ok(pdfPageCount(pdf) >= 3);
  });
});
