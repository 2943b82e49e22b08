import { readFileSync } from 'node:fs';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { AreaLocatorCache } from './area-locator-cache.js';
import { AreaIndex } from './areas/area-index.js';
import { normalizeAreaKey, parsePopulationCsv } from './areas/area-population.js';
import { parseLayerGeoJson } from './areas/layer-geojson.js';
import {
  clearLayerAssignments,
  insertLayerAssignments,
  readLocatedOverdoses,
  replaceLayer,
} from './layer-repository.js';
import { applyRollupDelta } from './overdose-store.js';
import { addToAreaCounts, emptyRollupDelta } from './rollup-increments.js';

/** A layer import request. */
export interface LayerImport {
  jurisdiction: Jurisdiction;
  geojsonPath: string;
  name: string;
  idProperty: string;
  population?: { csvPath: string; idColumn: string; populationColumn: string };
}

/** What a layer import did. */
export interface LayerImportSummary {
  layerId: string;
  areas: number;
  withPopulation: number;
  /** Areas the population file did not name. */
  withoutPopulation: string[];
  overdosesAssigned: number;
}

/** A layer's id from its name: lower case words joined by dashes ("CT towns" -> "ct-towns"). */
export function layerIdOf(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (!id || id === 'h3r7') throw new SosError('VALIDATION_FAILED', `"${name}" cannot name a layer`);
  return id;
}

/**
 * Imports (or replaces) a layer of areas with their populations, then assigns every located overdose
 * of the jurisdiction to its area in the layer and rebuilds the layer's daily counts, in one transaction.
 */
export async function importLayer(
  deps: { db: Database; clock: Clock; locators: AreaLocatorCache },
  actor: Actor,
  request: LayerImport,
): Promise<LayerImportSummary> {
  authorize(actor, 'layer.manage');
  const layerId = layerIdOf(request.name);
  const features = parseLayerGeoJson(
    readFileSync(request.geojsonPath, 'utf8'),
    request.idProperty,
    request.geojsonPath,
  );
  let populations: Map<string, number> | null = null;
  if (request.population) {
    populations = parsePopulationCsv(readFileSync(request.population.csvPath, 'utf8'), {
      idColumn: request.population.idColumn,
      populationColumn: request.population.populationColumn,
      fileName: request.population.csvPath,
    });
  }
  const areas = features.map((f) => ({
    areaId: f.areaId,
    name: f.name,
    population:
      populations?.get(normalizeAreaKey(f.areaId)) ?? populations?.get(normalizeAreaKey(f.name)) ?? null,
    geometry: { type: 'MultiPolygon', coordinates: f.polygons },
  }));
  const index = new AreaIndex(features);
  const jurisdictionId = request.jurisdiction.id;
  const now = deps.clock.now();
  let assigned = 0;
  await deps.db.transaction(async (tx) => {
    await replaceLayer(
      tx,
      jurisdictionId,
      { id: layerId, name: request.name, idProperty: request.idProperty },
      areas,
    );
    await clearLayerAssignments(tx, jurisdictionId, layerId);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await readLocatedOverdoses(tx, jurisdictionId, after, 5000);
      if (page.length === 0) break;
      after = (page[page.length - 1] as (typeof page)[number]).id;
      const delta = emptyRollupDelta();
      const rows: { overdoseId: string; areaId: string }[] = [];
      for (const o of page) {
        const areaId = index.locate(o.longitude, o.latitude);
        if (areaId === null) continue;
        rows.push({ overdoseId: o.id, areaId });
        addToAreaCounts(
          delta,
          { occurredDate: o.occurred_date, sourceTypes: o.source_types, fatal: o.fatal },
          { layerId, areaId },
        );
      }
      await insertLayerAssignments(tx, jurisdictionId, layerId, rows);
      await applyRollupDelta(tx, jurisdictionId, delta);
      assigned += rows.length;
    }
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'layer.import',
        subjectType: 'layer',
        subjectId: layerId,
        purpose: null,
        details: { name: request.name, areas: areas.length, overdosesAssigned: assigned },
      },
    ]);
  });
  deps.locators.invalidate(jurisdictionId);
  return {
    layerId,
    areas: areas.length,
    withPopulation: areas.filter((a) => a.population !== null).length,
    withoutPopulation: populations ? areas.filter((a) => a.population === null).map((a) => a.name) : [],
    overdosesAssigned: assigned,
  };
}
