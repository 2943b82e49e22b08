import { fileURLToPath } from 'node:url';
import {
  findJurisdiction,
  insertJurisdiction,
  insertOrganization,
  type Jurisdiction,
  type Organization,
} from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { type ImportSummary, importCsvFile } from '../intake/csv-import-service.js';
import type { AppContext } from '../platform/app-context.js';
import { newId } from '../platform/ids.js';
import { importLayer } from '../surveillance/layer-service.js';

/** The vendored public files (see demo-data/README.md for their sources and attributions). */
const demoFile = (name: string) => fileURLToPath(new URL(`../../../demo-data/${name}`, import.meta.url));

// 2010 census for Connecticut (the towns layer's year) and 2020 census for Tempe.
const CONNECTICUT = {
  shortName: 'ct',
  name: 'Connecticut',
  timeZone: 'America/New_York',
  population: 3_574_097,
};
const TEMPE = {
  shortName: 'tempe',
  name: 'Tempe, Arizona',
  timeZone: 'America/Phoenix',
  population: 180_587,
};

async function createJurisdiction(
  context: AppContext,
  spec: typeof CONNECTICUT,
  organization: { name: string; type: string },
): Promise<{ jurisdiction: Jurisdiction; organization: Organization }> {
  const jurisdiction: Jurisdiction = { id: newId(), parentId: null, ...spec };
  const org: Organization = { jurisdictionId: jurisdiction.id, id: newId(), ...organization };
  await context.db.transaction(async (tx) => {
    await insertJurisdiction(tx, jurisdiction);
    await insertOrganization(tx, org);
  });
  return { jurisdiction, organization: org };
}

/** What loading the demo did, per file. */
export interface DemoLoadSummary {
  connecticut: ImportSummary;
  tempe: ImportSummary;
  townsWithPopulation: number;
}

/**
 * Loads the demo once: Connecticut (OCME deaths, towns layer with populations) and Tempe (EMS
 * calls). A database that already has the Connecticut demo jurisdiction is left as it is.
 */
export async function loadDemoOnce(
  context: AppContext,
  log: (line: string) => void = () => {},
): Promise<DemoLoadSummary | null> {
  if (await findJurisdiction(context.db, CONNECTICUT.shortName)) return null;
  const ct = await createJurisdiction(context, CONNECTICUT, {
    name: 'Connecticut OCME',
    type: 'medical_examiner',
  });
  const layer = await importLayer(context, cliActor, {
    jurisdiction: ct.jurisdiction,
    geojsonPath: demoFile('ct_towns.geojson'),
    name: 'Towns',
    idProperty: 'name',
    population: {
      csvPath: demoFile('ct_towns_population_2010.csv'),
      idColumn: 'town',
      populationColumn: 'pop2010',
    },
  });
  log(`demo: Connecticut towns layer, ${layer.areas} towns (${layer.withPopulation} with population)`);
  const rejectedDir = context.config.dataDir;
  const connecticut = await importCsvFile(context.intake, cliActor, {
    filePath: demoFile('ct_accidental_drug_deaths_2012_2022.csv'),
    presetName: 'ct-ocme',
    jurisdiction: ct.jurisdiction,
    organization: ct.organization,
    rejectedPath: `${rejectedDir}/demo-ct.rejected.csv`,
  });
  log(`demo: Connecticut OCME deaths: ${JSON.stringify(connecticut)}`);
  const tempeSetup = await createJurisdiction(context, TEMPE, {
    name: 'Tempe Fire Medical Rescue',
    type: 'ems',
  });
  const tempe = await importCsvFile(context.intake, cliActor, {
    filePath: demoFile('tempe_opioid_ems_calls.csv'),
    presetName: 'tempe-ems',
    jurisdiction: tempeSetup.jurisdiction,
    organization: tempeSetup.organization,
    rejectedPath: `${rejectedDir}/demo-tempe.rejected.csv`,
  });
  log(`demo: Tempe EMS calls: ${JSON.stringify(tempe)}`);
  return { connecticut, tempe, townsWithPopulation: layer.withPopulation };
}
