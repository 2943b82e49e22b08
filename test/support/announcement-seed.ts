import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import type { AppContext } from '../../src/main/app-context.js';
import { importLayer } from '../../src/surveillance/layer-service.js';
import { seedDirectoryService } from './care-fixtures.js';
import { seedJurisdiction } from './test-databases.js';

// A small world for announcements: four areas of 50,000 people, overdoses in January and February
// 2026 whose counts are known by construction (the truth below), and naloxone and treatment services.

/** Four square areas of 0.1 degree from (41.0, -73.0), 50,000 people each (none merged at 20,000). */
export function quadsGeoJson(): string {
  const features = [];
  for (const row of [0, 1])
    for (const col of [0, 1]) {
      const [s, w] = [41 + row * 0.1, -73 + col * 0.1];
      features.push({
        type: 'Feature',
        properties: { name: `Quad ${row}${col}` },
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

/**
 * The truth: overdoses per area in January and February 2026. Quad 00 has 3 in February, a count
 * the public figures must hide; its announcement must say "fewer than 10", never 3.
 */
export const TRUTH: Record<string, { jan: number; feb: number }> = {
  q00: { jan: 12, feb: 3 },
  q01: { jan: 35, feb: 40 },
  q10: { jan: 20, feb: 25 },
  q11: { jan: 30, feb: 31 },
};

export function overdoses(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [code, counts] of Object.entries(TRUTH)) {
    const [row, col] = [Number(code[1]), Number(code[2])];
    for (const [month, n] of [
      ['01', counts.jan],
      ['02', counts.feb],
    ] as const) {
      for (let i = 0; i < n; i++) {
        rows.push({
          source_record_id: `${code}-${month}-${i}`,
          occurred_at: `2026-${month}-${String(28 - (i % 28)).padStart(2, '0')}T12:00:00`,
          latitude: 41.02 + row * 0.1 + (i % 5) * 0.01,
          longitude: -72.98 + col * 0.1 + (i % 7) * 0.01,
        });
      }
    }
  }
  return rows;
}

/** The seeded world: the jurisdiction, its organization and the directory services. */
export interface AnnouncementWorld {
  jurisdictionId: string;
  organizationId: string;
  naloxone: string;
  treatment: string;
}

/** Seeds the areas, the overdoses of TRUTH and three directory services (two naloxone, one treatment). */
export async function seedAnnouncementWorld(context: AppContext): Promise<AnnouncementWorld> {
  const { jurisdiction, organization } = await seedJurisdiction(context.db);
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-announcement-seed-'));
  try {
    const geojsonPath = path.join(folder, 'quads.geojson');
    writeFileSync(geojsonPath, quadsGeoJson());
    const populationPath = path.join(folder, 'quads.csv');
    writeFileSync(populationPath, 'name,pop\nQuad 00,50000\nQuad 01,50000\nQuad 10,50000\nQuad 11,50000\n');
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath,
      name: 'quads',
      idProperty: 'name',
      population: { csvPath: populationPath, idColumn: 'name', populationColumn: 'pop' },
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const rows = overdoses();
  const results = await ingestReports(context.intake, cliActor, {
    jurisdiction,
    organization,
    channel: 'api',
    items: rows.map((fields) => ({ raw: fields, fields })),
  });
  assert.equal(results.filter((r) => r.status === 'accepted').length, rows.length);
  const service = (name: string, needs: string[]) =>
    seedDirectoryService(context.db, jurisdiction.id, { name, needs }).then((s) => s.serviceId);
  const naloxone = await service('Harbor Naloxone Hub', ['naloxone']);
  const treatment = await service('Harbor Recovery Clinic', ['moud']);
  await service('Second Naloxone Point', ['naloxone']);
  return { jurisdictionId: jurisdiction.id, organizationId: organization.id, naloxone, treatment };
}

/** A clock at 2026-03-18 15:00 UTC that moves a second a reading, so things made follow one another. */
export function tickingClock(): { now(): Date } {
  let tick = 0;
  return { now: () => new Date(Date.parse('2026-03-18T15:00:00Z') + 1000 * tick++) };
}
