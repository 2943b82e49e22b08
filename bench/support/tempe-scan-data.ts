/**
 * SaTScan input files for the Tempe opioid EMS calls: every call with coordinates becomes one case
 * at the centre of its cell of a 500 m grid, on its calendar date.
 *
 * The grid: the calls' bounding box projected to km with an equirectangular projection around its
 * south-west corner (111.32 km per degree of longitude times the cosine of the mean latitude,
 * 110.574 km per degree of latitude), cut into 0.5 km squares from that corner. A cell's location is
 * the square's centre projected back to latitude/longitude; only cells with a call are locations.
 * At Tempe's latitude the projection errs by well under 1% across the city's ~20 km.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/** Case (.cas), coordinates (.geo) file texts and the study period of the Tempe calls. */
export interface TempeScanFiles {
  readonly cas: string;
  readonly geo: string;
  readonly calls: number;
  readonly cells: number;
  readonly startDate: string;
  readonly endDate: string;
}

const KM_PER_DEGREE_LATITUDE = 110.574;
const KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.32;

/** Builds the files from ../shared/data/real/tempe_opioid_ems_calls.csv with cells of `cellKm`. */
export function tempeScanFiles(cellKm = 0.5): TempeScanFiles {
  const file = path.resolve(process.cwd(), '..', 'shared', 'data', 'real', 'tempe_opioid_ems_calls.csv');
  const rows = parse(readFileSync(file, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  const calls = rows
    .map((row) => ({
      lat: Number(row.Latitude_Random),
      lon: Number(row.Longitude_Random),
      // "2017/01/03 00:00:00+00" is a local calendar date (see the data README).
      date: (row.Incident_Date ?? '').slice(0, 10),
    }))
    .filter(
      (c) =>
        Number.isFinite(c.lat) && Number.isFinite(c.lon) && c.lat !== 0 && /^\d{4}\/\d\d\/\d\d$/.test(c.date),
    );
  const south = Math.min(...calls.map((c) => c.lat));
  const west = Math.min(...calls.map((c) => c.lon));
  const meanLat = calls.reduce((sum, c) => sum + c.lat, 0) / calls.length;
  const kmPerDegreeLon = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * Math.cos((meanLat * Math.PI) / 180);
  const cells = new Map<string, { lat: number; lon: number }>();
  const cas: string[] = [];
  for (const call of calls) {
    const column = Math.floor(((call.lon - west) * kmPerDegreeLon) / cellKm);
    const row = Math.floor(((call.lat - south) * KM_PER_DEGREE_LATITUDE) / cellKm);
    const id = `c${column}_${row}`;
    if (!cells.has(id)) {
      cells.set(id, {
        lat: south + ((row + 0.5) * cellKm) / KM_PER_DEGREE_LATITUDE,
        lon: west + ((column + 0.5) * cellKm) / kmPerDegreeLon,
      });
    }
    cas.push(`${id} 1 ${call.date}`);
  }
  const dates = calls.map((c) => c.date).sort();
  return {
    cas: `${cas.join('\n')}\n`,
    geo: `${[...cells].map(([id, p]) => `${id} ${p.lat.toFixed(6)} ${p.lon.toFixed(6)}`).join('\n')}\n`,
    calls: calls.length,
    cells: cells.size,
    startDate: dates[0] as string,
    endDate: dates.at(-1) as string,
  };
}

/** A SaTScan 10 parameter file for the benchmark's retrospective space-time permutation analysis. */
export function tempeScanPrm(files: TempeScanFiles, replications: number): string {
  return `[Input]
CaseFile=tempe.cas
PrecisionCaseTimes=3
StartDate=${files.startDate}
EndDate=${files.endDate}
CoordinatesFile=tempe.geo
UseGridFile=n
CoordinatesType=1

[Analysis]
AnalysisType=3
ModelType=2
ScanAreas=1
TimeAggregationUnits=3
TimeAggregationLength=1

[Spatial Window]
MaxSpatialSizeInPopulationAtRisk=50
UseDistanceFromCenterOption=y
MaxSpatialSizeInDistanceFromCenter=3
IncludePurelyTemporal=n
SpatialWindowShapeType=0

[Temporal Window]
MinimumTemporalClusterSize=1
MaxTemporalSizeInterpretation=1
MaxTemporalSize=30
IncludePurelySpatial=n
IncludeClusters=0

[Cluster Restrictions]
MinimumCasesInHighRateClusters=2

[Inference]
PValueReportType=0
MonteCarloReps=${replications}

[Spatial Output]
CriteriaForReportingSecondaryClusters=0

[System]
Version=10.3.1
`;
}
