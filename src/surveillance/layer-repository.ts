import type { Queryable } from '../platform/database.js';

/** A stored layer with how many areas it has and how many of them know their population. */
export interface LayerSummary {
  id: string;
  name: string;
  areaCount: number;
  populatedCount: number;
}

/** Replaces a layer and all its areas. */
export async function replaceLayer(
  tx: Queryable,
  jurisdictionId: string,
  layer: { id: string; name: string; idProperty: string },
  areas: { areaId: string; name: string; population: number | null; geometry: unknown }[],
): Promise<void> {
  await tx.query('delete from areas where jurisdiction_id = $1 and layer_id = $2', [
    jurisdictionId,
    layer.id,
  ]);
  await tx.query('delete from layers where jurisdiction_id = $1 and id = $2', [jurisdictionId, layer.id]);
  await tx.query('insert into layers (jurisdiction_id, id, name, id_property) values ($1, $2, $3, $4)', [
    jurisdictionId,
    layer.id,
    layer.name,
    layer.idProperty,
  ]);
  await tx.query(
    `insert into areas (jurisdiction_id, layer_id, area_id, name, population, geometry)
     select $1, $2, a, n, p, g::jsonb from unnest($3::text[], $4::text[], $5::int[], $6::text[]) as u(a, n, p, g)`,
    [
      jurisdictionId,
      layer.id,
      areas.map((a) => a.areaId),
      areas.map((a) => a.name),
      areas.map((a) => a.population),
      areas.map((a) => JSON.stringify(a.geometry)),
    ],
  );
}

/** Forgets every overdose's area in a layer, and the layer's area counts. */
export async function clearLayerAssignments(
  tx: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<void> {
  await tx.query('delete from overdose_areas where jurisdiction_id = $1 and layer_id = $2', [
    jurisdictionId,
    layerId,
  ]);
  for (const table of ['daily_area_counts', 'monthly_area_counts']) {
    await tx.query(`delete from ${table} where jurisdiction_id = $1 and layer_id = $2`, [
      jurisdictionId,
      layerId,
    ]);
  }
}

/** A page of located overdoses (keyset by id) with the facts their area counts need. */
export async function readLocatedOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  afterId: string,
  limit: number,
): Promise<
  {
    id: string;
    latitude: number;
    longitude: number;
    occurred_date: string;
    source_types: string[];
    fatal: boolean | null;
  }[]
> {
  return tx.query(
    `select id, latitude, longitude, occurred_date, source_types, fatal from overdoses
     where jurisdiction_id = $1 and id > $2 and latitude is not null order by id limit $3`,
    [jurisdictionId, afterId, limit],
  );
}

/** Records overdoses' areas in one layer. */
export async function insertLayerAssignments(
  tx: Queryable,
  jurisdictionId: string,
  layerId: string,
  rows: { overdoseId: string; areaId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into overdose_areas (jurisdiction_id, overdose_id, layer_id, area_id)
     select $1, o, $2, a from unnest($3::uuid[], $4::text[]) as u(o, a)`,
    [jurisdictionId, layerId, rows.map((r) => r.overdoseId), rows.map((r) => r.areaId)],
  );
}

/** The layers of a jurisdiction. */
export async function listLayers(db: Queryable, jurisdictionId: string): Promise<LayerSummary[]> {
  return db.query<LayerSummary>(
    `select l.id, l.name, count(a.area_id)::int as "areaCount", count(a.population)::int as "populatedCount"
     from layers l left join areas a on a.jurisdiction_id = l.jurisdiction_id and a.layer_id = l.id
     where l.jurisdiction_id = $1 group by l.id, l.name order by l.id`,
    [jurisdictionId],
  );
}

/** The ids and names of a layer's areas, without their polygons. */
export async function listAreaNames(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<{ id: string; name: string }[]> {
  return db.query(
    'select area_id as id, name from areas where jurisdiction_id = $1 and layer_id = $2 order by name, area_id',
    [jurisdictionId, layerId],
  );
}

/** The polygons of a layer as GeoJSON features, with each area's id, name and population. */
export async function readLayerFeatures(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<{ id: string; name: string; population: number | null; geometry: unknown }[]> {
  return db.query(
    `select area_id as id, name, population, geometry from areas
     where jurisdiction_id = $1 and layer_id = $2 order by area_id`,
    [jurisdictionId, layerId],
  );
}

/** The layers of a jurisdiction with when each was (last) imported: what caches of derived data key on. */
export async function listLayerImports(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ id: string; importedAt: Date }[]> {
  return db.query(
    'select id, created_at as "importedAt" from layers where jurisdiction_id = $1 order by id',
    [jurisdictionId],
  );
}

/** The name of an area of a layer, or null. */
export async function areaName(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
  areaId: string,
): Promise<string | null> {
  const [row] = await db.query<{ name: string }>(
    'select name from areas where jurisdiction_id = $1 and layer_id = $2 and area_id = $3',
    [jurisdictionId, layerId, areaId],
  );
  return row?.name ?? null;
}
