/**
 * Overdoses for the public safety brief's tests, with their truth: local wall-clock times in New
 * York (some with a date only), outcomes, and four square areas (quads) with populations. The truth
 * is what the brief must count, computed here from the generated values rather than by the service.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import type { AppContext } from '../../src/main/app-context.js';
import { importLayer } from '../../src/surveillance/layer-service.js';

/** One generated overdose as the brief should see it. */
export interface BriefTruth {
  day: string;
  /** Local hour, or null when only the date was sent. */
  hour: number | null;
  quad: string | null;
  fatal: 'fatal' | 'nonfatal' | 'unknown';
}

/** The populations of the quads: q00 is large enough for a public handout, the others are not. */
export const QUAD_POPULATIONS: Record<string, number> = { q00: 30_000, q01: 2_000, q10: 3_000, q11: 4_000 };

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quadsGeoJson(): string {
  const features = [];
  for (const row of [0, 1])
    for (const col of [0, 1]) {
      const [s, w] = [41 + row * 0.1, -73 + col * 0.1];
      features.push({
        type: 'Feature',
        properties: { code: `q${row}${col}`, name: `Quad ${row}${col}` },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [w + 0.1, s],
              [w + 0.1, s + 0.1],
              [w, s + 0.1],
              [w, s],
            ],
          ],
        },
      });
    }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Imports the quads and `n` overdoses from 2023-01-01 to 2024-04-27 (about a third in q00's corner). */
export async function seedBriefData(
  context: AppContext,
  target: { jurisdiction: Jurisdiction; organization: Organization },
  n = 700,
): Promise<BriefTruth[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-brief-'));
  try {
    const geojsonPath = path.join(folder, 'quads.geojson');
    writeFileSync(geojsonPath, quadsGeoJson());
    const populationPath = path.join(folder, 'quads.csv');
    writeFileSync(
      populationPath,
      `code,pop\n${Object.entries(QUAD_POPULATIONS)
        .map(([code, pop]) => `${code},${pop}`)
        .join('\n')}\n`,
    );
    await importLayer(context, cliActor, {
      jurisdiction: target.jurisdiction,
      geojsonPath,
      name: 'Quads',
      idProperty: 'code',
      population: { csvPath: populationPath, idColumn: 'code', populationColumn: 'pop' },
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const next = random(18_2026);
  const start = Date.UTC(2023, 0, 1);
  const truth: BriefTruth[] = [];
  const items = Array.from({ length: n }, (_, i) => {
    const day = new Date(start + Math.floor(next() * 483) * 86_400_000).toISOString().slice(0, 10);
    // Evenings are busier, so the heat map has a pattern to find.
    let hour = next() < 0.4 ? 18 + Math.floor(next() * 6) : Math.floor(next() * 24);
    // Wall times that do not exist (spring forward) or exist twice (fall back) are left out.
    if ((day === '2023-03-12' || day === '2024-03-10') && hour === 2) hour = 3;
    if (day === '2023-11-05' && hour === 1) hour = 4;
    const dateOnly = next() < 0.1;
    const clustered = next() < 0.35;
    const lat = clustered ? 41.02 + next() * 0.02 : 41.005 + next() * 0.19;
    const lon = clustered ? -72.98 + next() * 0.02 : -72.995 + next() * 0.29;
    const quad = lon < -72.8 ? `q${lat < 41.1 ? 0 : 1}${lon < -72.9 ? 0 : 1}` : null;
    const fatalRaw = ['true', 'false', ''][Math.floor(next() * 3)] as string;
    const minute = String(Math.floor(next() * 60)).padStart(2, '0');
    truth.push({
      day,
      hour: dateOnly ? null : hour,
      quad,
      fatal: fatalRaw === 'true' ? 'fatal' : fatalRaw === 'false' ? 'nonfatal' : 'unknown',
    });
    const fields = {
      source_record_id: `b${i}`,
      occurred_at: dateOnly ? day : `${day}T${String(hour).padStart(2, '0')}:${minute}`,
      latitude: lat,
      longitude: lon,
      fatal: fatalRaw,
      sex: next() < 0.5 ? 'male' : 'female',
      age: String(18 + Math.floor(next() * 60)),
    };
    return { raw: fields, fields };
  });
  const results = await ingestReports(context.intake, cliActor, {
    ...target,
    channel: 'api',
    items,
  });
  const rejected = results.filter((r) => r.status !== 'accepted');
  if (rejected.length > 0) throw new Error(`brief fixture: ${rejected.length} reports not accepted`);
  return truth;
}
