/**
 * The weekly report as a PDF drawn in JavaScript (PDFKit), for machines without Chromium: US Letter,
 * the standard Helvetica fonts (no font files to ship), the charts of `../charts/` placed as vector
 * graphics. It reads only the report model, whose figures are already suppressed for the audience.
 * The public report is one page: its charts are smaller and its breakdowns sit side by side.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { localDateOf } from '../../platform/time-zones.js';
import { areaMapSvg } from '../charts/area-map.js';
import { trendChartSvg } from '../charts/trend-chart.js';
import { naloxonePdfSection } from './naloxone-coverage-section.js';
import { drawTable, type TableStyle, tableHeight } from './pdf-table.js';
import { alertTable, breakdownTable, headlineBoxes } from './report-tables.js';
import { audienceText, countText, dayRangeText, dayText, groupDigits } from './report-text.js';
import type { ReportAlert, WeeklyReport } from './weekly-report.js';
import { winAnsiText } from './win-ansi-text.js';

/** Sizes for a full report, and for the public one that must fit one page. */
interface PageLayout {
  margin: number;
  titleSize: number;
  headlineHeight: number;
  trendHeight: number;
  mapHeight: number;
  tableFont: number;
  tableTitle: number;
  noteSize: number;
  /** Breakdown tables side by side: two columns in full reports, a row of small tables in public ones. */
  breakdownColumns: number;
}

const fullLayout: PageLayout = {
  margin: 48,
  titleSize: 20,
  headlineHeight: 58,
  trendHeight: 210,
  mapHeight: 300,
  tableFont: 9,
  tableTitle: 11,
  noteSize: 8.5,
  breakdownColumns: 2,
};

const onePageLayout: PageLayout = {
  margin: 36,
  titleSize: 16,
  headlineHeight: 48,
  trendHeight: 150,
  mapHeight: 200,
  tableFont: 7.5,
  tableTitle: 9,
  noteSize: 7,
  breakdownColumns: 4,
};

/** Chart pixels per PDF point: see `placeChart`. */
const chartScale = 0.75;
const ink = '#1a1a1a';
const mutedInk = '#555555';
const frame = '#c8c8c8';

export async function renderWeeklyReportPdf(report: WeeklyReport): Promise<Uint8Array> {
  const layout =
    report.audience !== 'public'
      ? fullLayout
      : // The naloxone paragraph takes its room from the charts, so the public report stays one page.
        report.naloxone
        ? {
            ...onePageLayout,
            trendHeight: onePageLayout.trendHeight - 20,
            mapHeight: onePageLayout.mapHeight - 40,
          }
        : onePageLayout;
  const title = `${report.jurisdiction.name}: weekly overdose report, ${report.week.label}`;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: layout.margin,
    bufferPages: true,
    lang: 'en-US',
    displayTitle: true,
    // A fixed creation date (the report's) makes the same report give the same bytes.
    info: { Title: winAnsiText(title), Author: 'SOS', CreationDate: new Date(report.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  titleBlock(doc, report, layout);
  headline(doc, report, layout);
  charts(doc, report, layout);
  breakdowns(doc, report, layout);
  if (report.alerts !== null) alerts(doc, report, report.alerts, layout);
  naloxoneCoverage(doc, report, layout);
  notes(doc, report, layout);
  footers(doc, report, layout);
  doc.end();
  return finished;
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function left(doc: PDFKit.PDFDocument): number {
  return doc.page.margins.left;
}

function roomLeft(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom - doc.y;
}

/** A section heading, on a new page unless `keepWith` points of what follows fit under it. */
function heading(doc: PDFKit.PDFDocument, text: string, size: number, keepWith = size * 4): void {
  if (roomLeft(doc) < size * 2 + keepWith) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(size).fillColor(ink);
  doc.text(winAnsiText(text), left(doc), doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function titleBlock(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  const x = left(doc);
  const width = contentWidth(doc);
  doc.font('Helvetica-Bold').fontSize(layout.titleSize).fillColor(ink);
  doc.text(winAnsiText(report.jurisdiction.name), x, doc.page.margins.top, { width });
  doc
    .font('Helvetica')
    .fontSize(layout.titleSize * 0.65)
    .text('Weekly overdose report', { width });
  doc.moveDown(0.2);
  doc.fontSize(layout.tableFont + 1).fillColor(mutedInk);
  doc.text(
    winAnsiText(
      `Week ${report.week.label}, ${dayRangeText(report.week.first, report.week.last)}   ·   ` +
        `Audience: ${audienceText(report.audience)}   ·   Generated ${dayText(localDateOf(new Date(report.generatedAt), report.jurisdiction.timeZone))}`,
    ),
    { width },
  );
  const ruleY = doc.y + 4;
  doc
    .moveTo(x, ruleY)
    .lineTo(x + width, ruleY)
    .lineWidth(0.75)
    .strokeColor(frame)
    .stroke();
  doc.y = ruleY + 8;
}

/** Four boxes: this week, the four before, the change against them, the same week last year. */
function headline(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  const boxes = headlineBoxes(report);
  const gap = 8;
  const width = (contentWidth(doc) - gap * (boxes.length - 1)) / boxes.length;
  const top = doc.y;
  const valueSize = layout.headlineHeight * 0.34;
  boxes.forEach((box, i) => {
    const x = left(doc) + i * (width + gap);
    doc.roundedRect(x, top, width, layout.headlineHeight, 3).lineWidth(0.75).strokeColor(frame).stroke();
    doc.font('Helvetica').fontSize(layout.tableFont).fillColor(mutedInk);
    doc.text(winAnsiText(box.label), x + 7, top + 6, { width: width - 14, lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(valueSize).fillColor(ink);
    doc.text(winAnsiText(box.value), x + 7, top + 6 + layout.tableFont + 3, {
      width: width - 14,
      lineBreak: false,
    });
    doc
      .font('Helvetica')
      .fontSize(layout.tableFont - 0.5)
      .fillColor(mutedInk);
    doc.text(winAnsiText(box.caption), x + 7, top + layout.headlineHeight - layout.tableFont - 6, {
      width: width - 14,
      lineBreak: false,
    });
  });
  doc.fillColor(ink);
  doc.y = top + layout.headlineHeight + 12;
}

/**
 * Places a chart at the current position, on a new page when it would not fit. Charts are drawn at
 * 1/scale of their page size and shrunk, so their 11 px labels print at about 8 pt like the tables.
 */
function placeChart(
  doc: PDFKit.PDFDocument,
  draw: (width: number, height: number) => string,
  height: number,
  /** Room kept under the chart for its caption, so the two stay on one page. */
  captionHeight = 0,
): void {
  const width = contentWidth(doc);
  if (roomLeft(doc) < height + captionHeight) doc.addPage();
  const y = doc.y;
  doc.save().translate(left(doc), y).scale(chartScale);
  SVGtoPDF(doc, winAnsiText(draw(width / chartScale, height / chartScale)), 0, 0, {
    width: width / chartScale,
    height: height / chartScale,
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica'),
    warningCallback: () => {},
  });
  doc.restore();
  doc.y = y + height + 8;
  doc.x = left(doc);
}

function charts(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  placeChart(
    doc,
    (width, height) =>
      trendChartSvg(report.trend, { k: report.k, title: 'Overdoses by week', width, height }),
    layout.trendHeight,
  );
  const { map } = report;
  if (!map) return;
  const measure = map.areas.some((area) => area.count !== null && area.rate != null) ? 'rate' : 'count';
  const title = `${measure === 'rate' ? 'Overdoses per 100,000 residents' : 'Overdoses'} by area, ${map.period.label}`;
  placeChart(
    doc,
    (width, height) => areaMapSvg(map.areas, { k: report.k, title, width, height, measure }),
    layout.mapHeight,
    layout.noteSize * 3.5,
  );
  const period = `${map.layerName}, ${dayRangeText(map.period.first, map.period.last)}: ${countText(map.total)} overdoses.`;
  const merged = map.minPopulation
    ? ` Neighbouring places are merged until each area has at least ${groupDigits(map.minPopulation)} residents.`
    : '';
  doc.font('Helvetica').fontSize(layout.noteSize).fillColor(mutedInk);
  doc.text(winAnsiText(period + merged), left(doc), doc.y - 4, { width: contentWidth(doc) });
  doc.fillColor(ink).moveDown(0.6);
}

function breakdowns(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  if (report.breakdowns.length === 0) return;
  const tables = report.breakdowns.map((breakdown) => breakdownTable(breakdown));
  const width = contentWidth(doc);
  const gap = 16;
  const columns = Math.min(layout.breakdownColumns, tables.length);
  if (columns > 1) {
    const columnWidth = (width - gap * (columns - 1)) / columns;
    const style = (column: number): TableStyle => ({
      fontSize: layout.tableFont,
      titleSize: layout.tableTitle,
      x: left(doc) + column * (columnWidth + gap),
      width: columnWidth,
    });
    // Each table goes to the shortest column. Columns that do not fit what is left of the page go
    // on the next; only tables too long for any page flow down it, breaking across pages.
    const heights = Array.from({ length: columns }, () => 0);
    const placed = tables.map((table) => {
      const column = heights.indexOf(Math.min(...heights));
      const top = heights[column] ?? 0;
      heights[column] = top + tableHeight(doc, table, style(column)) + 8;
      return { table, column, top };
    });
    const pageHeight = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
    if (Math.max(...heights) <= pageHeight) {
      if (Math.max(...heights) > roomLeft(doc)) doc.addPage();
      const top = doc.y;
      for (const { table, column, top: offset } of placed) {
        doc.y = top + offset;
        drawTable(doc, table, style(column));
      }
      doc.y = top + Math.max(...heights);
      doc.x = left(doc);
      return;
    }
  }
  for (const table of tables) {
    drawTable(doc, table, { fontSize: layout.tableFont, titleSize: layout.tableTitle, x: left(doc), width });
    doc.y += 10;
  }
  doc.x = left(doc);
}

function alerts(
  doc: PDFKit.PDFDocument,
  report: WeeklyReport,
  list: ReportAlert[],
  layout: PageLayout,
): void {
  heading(doc, 'Alerts and responses', layout.tableTitle + 2, 90);
  if (list.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(layout.tableFont)
      .text('No alerts were raised this week.', left(doc), doc.y);
    doc.moveDown(0.8);
    return;
  }
  for (const alert of list) {
    drawTable(doc, alertTable(alert, report), {
      fontSize: layout.tableFont,
      titleSize: layout.tableTitle,
      x: left(doc),
      width: contentWidth(doc),
    });
    doc.y += 10;
  }
  doc.x = left(doc);
}

/** The naloxone deserts of the year to the report's week, when the jurisdiction records kits. */
function naloxoneCoverage(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  const section = naloxonePdfSection(report);
  if (!section) return;
  if (report.audience === 'public') {
    // The public report must stay one page: the deserts by name, in one paragraph under the rule.
    heading(doc, 'Naloxone coverage', layout.tableTitle, layout.noteSize * 4);
    doc.font('Helvetica').fontSize(layout.noteSize).fillColor(ink);
    doc.text(winAnsiText(`${section.rule} ${section.named}`), left(doc), doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.6);
    return;
  }
  heading(doc, 'Naloxone coverage', layout.tableTitle + 2, 90);
  doc
    .font('Helvetica')
    .fontSize(layout.noteSize + 0.5)
    .fillColor(ink);
  doc.text(winAnsiText(section.rule), left(doc), doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
  if (section.table) {
    drawTable(doc, section.table, {
      fontSize: layout.tableFont,
      titleSize: layout.tableTitle,
      x: left(doc),
      width: contentWidth(doc),
    });
    doc.y += 10;
  } else {
    doc.text(winAnsiText(section.empty), left(doc), doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.8);
  }
  doc.x = left(doc);
}

function notes(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  if (report.notes.length === 0) return;
  heading(doc, 'Notes', layout.tableTitle);
  doc.font('Helvetica').fontSize(layout.noteSize).fillColor(ink);
  for (const note of report.notes) {
    doc.text(winAnsiText(`•  ${note}`), left(doc), doc.y, { width: contentWidth(doc), indent: 0 });
    doc.moveDown(0.2);
  }
}

/** "page 1 of 2" and the report's name on every page, drawn once every page exists. */
function footers(doc: PDFKit.PDFDocument, report: WeeklyReport, layout: PageLayout): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing below the bottom margin would make PDFKit start a page; lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor(mutedInk);
    doc.text(
      winAnsiText(
        `${report.jurisdiction.name} · weekly overdose report ${report.week.label} · ${audienceText(report.audience)} · page ${i - range.start + 1} of ${range.count}`,
      ),
      layout.margin,
      doc.page.height - layout.margin / 2 - 6,
      { width: contentWidth(doc), align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
}
