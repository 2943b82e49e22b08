// The naloxone coverage map: areas shaded by overdose rate in the report charts' palette, deserts
// outlined thick and marked with their rank, access points drawn as dots, and a legend. Pure SVG
// (no script, no style attribute) so the page can set it inline under the CSP and a test can read it.

import {
  areaOutline,
  ink,
  labelSize,
  mutedInk,
  noDataFill,
  sequentialPalette,
  smallSize,
  zeroFill,
} from '../publications/charts/chart-style.js';
import { escapeXml } from '../publications/charts/escape-xml.js';
import { fittedPaths, geometryPolygons, type Rings } from '../publications/charts/map-projection.js';
import { px, svgDocument, svgText } from '../publications/charts/svg-document.js';
import type { AreaAssessment, CoverageAssessment } from './naloxone-desert.js';

/** The colour that marks deserts and access points, apart from the blues of the rates. */
const desertInk = '#c2410c';
const pointInk = '#0f766e';

/** One area's outline with its assessment. */
export interface MappedArea {
  assessment: AreaAssessment;
  geometry: unknown;
}

/** Rate classes: five equal steps from 0 to the highest rate (a reader can compare them by eye). */
function rateClasses(rates: number[]): number[] {
  const max = Math.max(0, ...rates);
  return sequentialPalette.map((_, i) => (max * (i + 1)) / sequentialPalette.length);
}

function fillOf(rate: number | null, bounds: number[]): string {
  if (rate === null) return noDataFill;
  if (rate === 0) return zeroFill;
  const index = bounds.findIndex((b) => rate <= b + 1e-9);
  return sequentialPalette[index === -1 ? sequentialPalette.length - 1 : index] ?? ink;
}

const rateWords = (rate: number) => rate.toFixed(rate >= 100 ? 0 : 1);

/**
 * The map as an SVG document: every area a `<path>` with `data-area` (its id) and, for a desert,
 * `data-desert` with its rank; each access point a `<circle data-access-point>`.
 */
export function desertMapSvg(
  areas: readonly MappedArea[],
  points: readonly { name: string; latitude: number; longitude: number }[],
  coverage: Pick<CoverageAssessment, 'jurisdictionRate' | 'deserts'>,
  options: { title: string; width?: number; height?: number },
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 460;
  const legendWidth = 200;
  const box = { left: 8, top: 8, width: width - legendWidth - 16, height: height - 16 };
  // A point is projected as a ring of one position, so it shares the fit of the areas' outlines.
  const shapes: Rings[][] = [
    ...areas.map((a) => geometryPolygons(a.geometry)),
    ...points.map((p): Rings[] => [
      [
        [
          [p.longitude, p.latitude],
          [p.longitude, p.latitude],
          [p.longitude, p.latitude],
        ],
      ],
    ]),
  ];
  const paths = fittedPaths(shapes, box);
  const bounds = rateClasses(areas.map((a) => a.assessment.rate ?? 0));
  const fills: string[] = [];
  const outlines: string[] = [];
  areas.forEach((area, i) => {
    const d = paths[i];
    if (!d) return;
    const a = area.assessment;
    const label = `${a.name}: ${a.rate === null ? 'no rate' : `${rateWords(a.rate)} overdoses per 100,000`}${a.desert ? `, naloxone desert #${a.rank}` : ''}`;
    fills.push(
      `<path d="${d}" fill="${fillOf(a.rate, bounds)}" fill-rule="evenodd" stroke="${areaOutline}" stroke-width="0.5" data-area="${escapeXml(a.id)}"${a.desert ? ` data-desert="${a.rank}"` : ''}><title>${escapeXml(label)}</title></path>`,
    );
    if (a.desert) {
      outlines.push(
        `<path d="${d}" fill="none" stroke="${desertInk}" stroke-width="2.4" data-desert-outline="${escapeXml(a.id)}"/>`,
      );
    }
  });
  const dots = points
    .map((p, i) => {
      const at = /^M([-\d.]+) ([-\d.]+)/.exec(paths[areas.length + i] ?? '');
      if (!at) return '';
      return `<circle cx="${at[1]}" cy="${at[2]}" r="3.2" fill="${pointInk}" stroke="#ffffff" stroke-width="1" data-access-point="${escapeXml(p.name)}"><title>${escapeXml(p.name)}</title></circle>`;
    })
    .join('');
  const legend = desertLegend(
    bounds,
    areas.some((a) => a.assessment.rate === null),
    {
      left: width - legendWidth,
      top: 12,
    },
  );
  const said = coverage.deserts.map((d) => `#${d.rank} ${d.name}`).join(', ');
  return svgDocument({
    width,
    height,
    title: options.title,
    desc:
      `Overdose rate per 100,000 by area, naloxone deserts outlined, ${points.length} access points drawn. ` +
      (said ? `Deserts: ${said}.` : 'No area is a naloxone desert.'),
    body: `<g class="areas">${fills.join('')}</g><g class="deserts">${outlines.join('')}</g><g class="access-points">${dots}</g>${legend}`,
  });
}

function desertLegend(bounds: number[], anyNoRate: boolean, at: { left: number; top: number }): string {
  const parts = [svgText('Overdoses per 100,000', at.left, at.top + 10, { size: labelSize, bold: true })];
  let y = at.top + 20;
  const entry = (sample: string, text: string, kind: string) => {
    parts.push(`<g transform="translate(${px(at.left)} ${px(y)})" data-legend="${kind}">${sample}</g>`);
    parts.push(svgText(text, at.left + 26, y + 10, { size: labelSize }));
    y += 18;
  };
  const swatch = (fill: string) =>
    `<rect width="18" height="12" fill="${fill}" stroke="${areaOutline}" stroke-width="0.6"/>`;
  entry(swatch(zeroFill), '0', 'zero');
  bounds.forEach((high, i) => {
    const low = i === 0 ? 0 : (bounds[i - 1] ?? 0);
    entry(swatch(sequentialPalette[i] ?? ink), `${rateWords(low)} – ${rateWords(high)}`, 'rate');
  });
  if (anyNoRate) entry(swatch(noDataFill), 'no rate (no population)', 'no-rate');
  y += 6;
  entry(
    `<rect width="18" height="12" fill="none" stroke="${desertInk}" stroke-width="2.4"/>`,
    'naloxone desert',
    'desert',
  );
  entry(
    `<circle cx="9" cy="6" r="3.2" fill="${pointInk}" stroke="#ffffff" stroke-width="1"/>`,
    'access point',
    'access-point',
  );
  parts.push(
    svgText('Deserts: high rate, few kits and', at.left, y + 8, { size: smallSize, fill: mutedInk }),
  );
  parts.push(svgText('access points per overdose', at.left, y + 20, { size: smallSize, fill: mutedInk }));
  return `<g class="legend">${parts.join('')}</g>`;
}
