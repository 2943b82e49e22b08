import { SosError } from '../../platform/errors.js';
import type { Position, Ring } from './point-in-polygon.js';

/** One area of a layer (a town, a census tract, ...) ready for point-in-polygon lookups. */
export interface AreaFeature {
  areaId: string;
  name: string;
  /** Polygons, each an outer ring followed by its holes; positions are [lon, lat]. */
  polygons: Ring[][];
  bbox: [minX: number, minY: number, maxX: number, maxY: number];
}

/** Where in the file a problem was found; it goes into both the message and the error details. */
interface FeatureAt {
  fileName: string;
  featureIndex: number;
  areaId?: string;
}

function invalid(at: FeatureAt, problem: string, extra: Record<string, unknown> = {}): SosError {
  const who = at.areaId === undefined ? '' : ` (id ${JSON.stringify(at.areaId)})`;
  return new SosError('GEOJSON_INVALID', `${at.fileName}: features[${at.featureIndex}]${who}: ${problem}`, {
    file: at.fileName,
    featureIndex: at.featureIndex,
    ...(at.areaId === undefined ? {} : { areaId: at.areaId }),
    ...extra,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numbers are accepted as ids because some layers store codes (FIPS, GEOID) as numbers. */
function readAreaId(properties: Record<string, unknown>, idProperty: string, at: FeatureAt): string {
  const raw = properties[idProperty];
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  const problem =
    raw === undefined || raw === null || raw === ''
      ? `has no "${idProperty}" property`
      : `property "${idProperty}" is not a string or a number`;
  throw invalid(at, problem, { property: idProperty });
}

function readPosition(raw: unknown, at: FeatureAt, path: string): Position {
  if (!Array.isArray(raw) || raw.length < 2) {
    throw invalid(at, `coordinates${path} is not a [lon, lat] position`, { path });
  }
  const [lon, lat] = raw as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw invalid(at, `coordinates${path} holds a value that is not a number`, { path });
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw invalid(at, `coordinates${path} = [${lon}, ${lat}] is out of lon/lat range`, { path });
  }
  return [lon, lat];
}

/** A linear ring needs four positions (the first repeated last); fewer cannot bound an area. */
function readRing(raw: unknown, at: FeatureAt, path: string): Ring {
  if (!Array.isArray(raw) || raw.length < 4) {
    throw invalid(at, `coordinates${path} is not a ring of at least 4 positions`, { path });
  }
  return raw.map((position, i) => readPosition(position, at, `${path}[${i}]`));
}

function readPolygon(raw: unknown, at: FeatureAt, path: string): Ring[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalid(at, `coordinates${path} is not a polygon (a list of rings)`, { path });
  }
  return raw.map((ring, i) => readRing(ring, at, `${path}[${i}]`));
}

function readPolygons(geometry: unknown, at: FeatureAt): Ring[][] {
  if (!isRecord(geometry)) throw invalid(at, 'has no geometry');
  const { type, coordinates } = geometry;
  if (type === 'Polygon') return [readPolygon(coordinates, at, '')];
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      throw invalid(at, 'MultiPolygon coordinates are not a list of polygons');
    }
    return coordinates.map((polygon, i) => readPolygon(polygon, at, `[${i}]`));
  }
  throw invalid(at, `geometry type ${JSON.stringify(type)} is not Polygon or MultiPolygon`, {
    geometryType: type,
  });
}

function boundingBox(polygons: Ring[][]): AreaFeature['bbox'] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Parses a layer file (a GeoJSON FeatureCollection of Polygon/MultiPolygon areas) and throws
 * GEOJSON_INVALID naming the file and feature for anything it cannot use, rather than dropping it.
 */
export function parseLayerGeoJson(text: string, idProperty: string, fileName: string): AreaFeature[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SosError('GEOJSON_INVALID', `${fileName}: not valid JSON (${reason})`, { file: fileName });
  }
  if (!isRecord(document) || document.type !== 'FeatureCollection' || !Array.isArray(document.features)) {
    throw new SosError('GEOJSON_INVALID', `${fileName}: not a GeoJSON FeatureCollection`, { file: fileName });
  }
  const firstIndexById = new Map<string, number>();
  return document.features.map((feature: unknown, featureIndex: number): AreaFeature => {
    const at: FeatureAt = { fileName, featureIndex };
    if (!isRecord(feature) || feature.type !== 'Feature') throw invalid(at, 'is not a GeoJSON Feature');
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const areaId = readAreaId(properties, idProperty, at);
    at.areaId = areaId;
    const earlier = firstIndexById.get(areaId);
    if (earlier !== undefined) {
      throw invalid(at, `duplicate "${idProperty}", first used by feature ${earlier}`, {
        property: idProperty,
        firstFeatureIndex: earlier,
      });
    }
    firstIndexById.set(areaId, featureIndex);
    const polygons = readPolygons(feature.geometry, at);
    const rawName = properties.name;
    const name = typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim() : areaId;
    return { areaId, name, polygons, bbox: boundingBox(polygons) };
  });
}
