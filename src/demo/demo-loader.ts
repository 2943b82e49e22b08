import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { addJurisdiction, findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { cliActor } from '../access/roles.js';
import { loadCommunityAlertsDemo } from '../alerts/community/community-demo.js';
import { type ImportSummary, importCsvFile } from '../intake/csv-import-service.js';
import type { AppContext } from '../main/app-context.js';
import type { TeamRole } from '../outreach/outreach-vocabulary.js';
import { newId } from '../platform/ids.js';
import { areasOfLayer } from '../surveillance/layer-geometry-service.js';
import { importLayer, type LayerImportSummary } from '../surveillance/layer-service.js';
import { loadDemoAgreements } from './demo-agreements.js';
import { DEMO_PROVIDER_ORGANIZATION, loadDemoDirectory } from './demo-directory.js';
import { loadDemoDrugChecks } from './demo-drug-checks.js';
import { loadDemoFatalityReviews } from './demo-fatality-reviews.js';
import { DEMO_NALOXONE_YEAR, loadNaloxoneDemo } from './demo-naloxone.js';
import {
  DEMO_PARTNER_MEMBERS,
  DEMO_PROGRAM,
  DEMO_PROGRAM_ORGANIZATION,
  DEMO_PROGRAM_TOWNS,
  insertDemoProgram,
} from './demo-program.js';
import { assignRecentCases, DEMO_ASSIGNED_CASES } from './demo-queue.js';
import {
  loadSyntheticCalls,
  SYNTHETIC_ORGANIZATION,
  type SyntheticCallsSummary,
  syntheticCalls,
} from './demo-survivors.js';
import { createDemoUsers, type DemoUsers } from './demo-users.js';

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

/** Creates a jurisdiction with its organizations; the first is the one its demo file comes from. */
async function createJurisdiction(
  context: AppContext,
  spec: typeof CONNECTICUT,
  organization: { name: string; type: string },
  others: readonly { name: string; type: string }[] = [],
): Promise<{ jurisdiction: Jurisdiction; organization: Organization; others: Organization[] }> {
  const jurisdiction: Jurisdiction = { id: newId(), parentId: null, ...spec };
  const [org, ...rest] = [organization, ...others].map(
    (o): Organization => ({ jurisdictionId: jurisdiction.id, id: newId(), ...o }),
  ) as [Organization, ...Organization[]];
  await context.db.transaction((tx) => addJurisdiction(tx, jurisdiction, [org, ...rest]));
  return { jurisdiction, organization: org, others: rest };
}

/** Imports the 169 Connecticut towns with their 2010 populations as the layer 'towns'. */
export function importConnecticutTowns(
  context: AppContext,
  jurisdiction: Jurisdiction,
): Promise<LayerImportSummary> {
  return importLayer(context, cliActor, {
    jurisdiction,
    geojsonPath: demoFile('ct_towns.geojson'),
    name: 'Towns',
    idProperty: 'name',
    population: {
      csvPath: demoFile('ct_towns_population_2010.csv'),
      idColumn: 'town',
      populationColumn: 'pop2010',
    },
  });
}

/** How often a long demo import says how far it got: the first start takes a minute or more. */
const PROGRESS_EVERY_MS = 3_000;

/**
 * Imports one vendored file; its rejected rows go to the data folder, named after the preset. Says
 * how far it got every few seconds on `log` (rows read and share of the file).
 */
function importDemoFile(
  context: AppContext,
  target: { jurisdiction: Jurisdiction; organization: Organization },
  file: string,
  presetName: string,
  progress: { label: string; log: (line: string) => void },
): Promise<ImportSummary> {
  let lastLine = Date.now();
  return importCsvFile(context.intake, cliActor, {
    filePath: demoFile(file),
    presetName,
    ...target,
    rejectedPath: path.join(context.config.dataDir, `demo-${presetName}.rejected.csv`),
    onProgress: ({ bytesRead, totalBytes, rows }) => {
      const now = Date.now();
      if (now - lastLine < PROGRESS_EVERY_MS || bytesRead >= totalBytes) return;
      lastLine = now;
      const share = Math.floor((100 * bytesRead) / Math.max(1, totalBytes));
      progress.log(
        `demo: ${progress.label}: ${rows.toLocaleString('en-US')} rows read (${share}% of the file)`,
      );
    },
  });
}

/** The steps of the first start's demo load, announced as "step i of n" before each begins. */
const DEMO_STEPS = [
  'Connecticut towns layer (169 towns with populations)',
  'Connecticut OCME deaths 2012-2022 (10,654 rows)',
  'Tempe EMS opioid calls (2,743 rows)',
  "the demo's users",
  'Connecticut outreach: a program, synthetic reports of the last 14 days with made-up survivors',
  'Connecticut resource directory (19 made-up services in Hartford, New Haven and Waterbury)',
] as const;

/** What loading the demo did, per file. */
export interface DemoLoadSummary {
  connecticut: ImportSummary;
  tempe: ImportSummary;
  townsWithPopulation: number;
  /** The demo users' sign-in emails and their shared password (shown once by `sos start`). */
  users: { emails: string[]; password: string };
  /** The outreach program, the synthetic reports that opened its cases, and the cases given to the worker. */
  outreach: { programId: string; reports: SyntheticCallsSummary; assignedCases: string[] };
  /** The demo resource directory (a made-up HSDS package of Connecticut services). */
  directory: { services: number };
}

/**
 * Loads the demo once: Connecticut (OCME deaths, towns layer with populations, an outreach program
 * with a queue of synthetic survivors opened from two weeks of synthetic reports) and Tempe (EMS
 * calls). A database that already has the Connecticut demo jurisdiction is left as it is.
 */
export async function loadDemoOnce(
  context: AppContext,
  log: (line: string) => void = () => {},
): Promise<DemoLoadSummary | null> {
  if (await findJurisdiction(context.db, CONNECTICUT.shortName)) return null;
  const step = (i: number) =>
    log(`demo: loading, step ${i + 1} of ${DEMO_STEPS.length}: ${DEMO_STEPS[i]} (first start only)`);
  step(0);
  const ct = await createJurisdiction(
    context,
    CONNECTICUT,
    { name: 'Connecticut OCME', type: 'medical_examiner' },
    [DEMO_PROGRAM_ORGANIZATION, SYNTHETIC_ORGANIZATION, DEMO_PROVIDER_ORGANIZATION],
  );
  const layer = await importConnecticutTowns(context, ct.jurisdiction);
  log(`demo: Connecticut towns layer, ${layer.areas} towns (${layer.withPopulation} with population)`);
  step(1);
  const connecticut = await importDemoFile(
    context,
    ct,
    'ct_accidental_drug_deaths_2012_2022.csv',
    'ct-ocme',
    {
      label: 'Connecticut OCME deaths',
      log,
    },
  );
  log(`demo: Connecticut OCME deaths: ${JSON.stringify(connecticut)}`);
  const tempeSetup = await createJurisdiction(context, TEMPE, {
    name: 'Tempe Fire Medical Rescue',
    type: 'ems',
  });
  step(2);
  const tempe = await importDemoFile(context, tempeSetup, 'tempe_opioid_ems_calls.csv', 'tempe-ems', {
    label: 'Tempe EMS calls',
    log,
  });
  log(`demo: Tempe EMS calls: ${JSON.stringify(tempe)}`);
  step(3);
  const users = await createDemoUsers(context, ct.jurisdiction, ct.organization);
  log(`demo: users ${users.emails.join(', ')} with password ${users.password} (shown once)`);
  step(4);
  const [lead, feed] = ct.others as [Organization, Organization];
  const outreach = await loadOutreachDemo(context, { ...ct, lead, feed, layerId: layer.layerId, users });
  log(
    `demo: outreach program "${DEMO_PROGRAM.name}" in ${DEMO_PROGRAM_TOWNS.join(', ')}; synthetic reports: ` +
      `${JSON.stringify(outreach.reports)}; ${outreach.assignedCases.length} cases assigned to worker@demo.sos.local`,
  );
  const reviews = await loadDemoFatalityReviews(context, ct.jurisdiction, users);
  log(`demo: ${reviews.reviews} fatality reviews of the newest fatal overdoses (meetings in 2023)`);
  step(5);
  const subscribers = await loadCommunityAlertsDemo(context, ct.jurisdiction);
  log(`demo: ${subscribers} community alert subscribers (made-up numbers and emails)`);
  const directory = await loadDemoDirectory(context, ct.jurisdiction);
  log(
    `demo: resource directory: ${directory.stored.services ?? 0} services; provider@demo.sos.local answers for three`,
  );
  // Drug-checking results are few (about 600) and quick: no step of their own is announced.
  const drugChecks = await loadDemoDrugChecks(context, ct.jurisdiction);
  log(`demo: drug checking: ${drugChecks.accepted} results; ${JSON.stringify(drugChecks.planted)}`);
  const analyst = users.byRole.get('analyst');
  if (!analyst) throw new Error('the demo has no analyst');
  const naloxone = await loadNaloxoneDemo(context, {
    jurisdiction: ct.jurisdiction,
    organizationId: lead.id,
    towns: await areasOfLayer(context.db, ct.jurisdiction.id, layer.layerId),
    analystId: analyst.id,
  });
  log(
    `demo: naloxone: ${naloxone.distributions} distributions in ${DEMO_NALOXONE_YEAR}, ${naloxone.accessPoints} access points`,
  );
  return {
    connecticut,
    tempe,
    townsWithPopulation: layer.withPopulation,
    users: { emails: users.emails, password: users.password },
    outreach,
    directory: { services: directory.stored.services ?? 0 },
  };
}

/**
 * The outreach part of the demo, in the order it needs: the program (with the coordinator and the
 * worker as members) before the synthetic reports, so that the outbox's handler opens their cases;
 * then, once the outbox is idle, the most recent cases go to the worker.
 */
async function loadOutreachDemo(
  context: AppContext,
  ct: {
    jurisdiction: Jurisdiction;
    lead: Organization;
    feed: Organization;
    layerId: string;
    users: DemoUsers;
  },
): Promise<DemoLoadSummary['outreach']> {
  const areas = await areasOfLayer(context.db, ct.jurisdiction.id, ct.layerId);
  const serviceAreas = DEMO_PROGRAM_TOWNS.map((town) => {
    const area = areas.find((a) => a.name === town);
    if (!area) throw new Error(`the demo's towns layer has no area named ${town}`);
    return { layer_id: ct.layerId, area_id: area.id };
  });
  const member = (role: 'outreach_coordinator' | 'outreach_worker', teamRole: TeamRole) => {
    const user = ct.users.byRole.get(role);
    if (!user) throw new Error(`the demo has no ${role}`);
    return { user_id: user.id, display_name: user.displayName, agency: ct.lead.name, team_role: teamRole };
  };
  const worker = member('outreach_worker', 'outreach_worker');
  const outreachDeps = { db: context.db, clock: context.clock, keyring: context.keyring };
  const programId = await insertDemoProgram(outreachDeps, {
    jurisdiction: ct.jurisdiction,
    organization: ct.lead,
    serviceAreas,
    members: [
      member('outreach_coordinator', 'social_worker'),
      worker,
      ...DEMO_PARTNER_MEMBERS.map((m) => ({ user_id: null, ...m })),
    ],
  });
  await loadDemoAgreements(context, { jurisdiction: ct.jurisdiction, lead: ct.lead });
  const records = syntheticCalls(context.clock.now().getTime(), DEMO_PROGRAM_TOWNS);
  const reports = await loadSyntheticCalls(
    context.intake,
    { jurisdiction: ct.jurisdiction, organization: ct.feed },
    records,
  );
  await context.outbox.idle();
  const coordinator = ct.users.byRole.get('outreach_coordinator');
  if (!coordinator) throw new Error('the demo has no outreach_coordinator');
  const assignedCases = await assignRecentCases(
    outreachDeps,
    {
      kind: 'user',
      userId: coordinator.id,
      jurisdictionId: ct.jurisdiction.id,
      role: 'outreach_coordinator',
      organizationId: null,
    },
    { programId, workerId: worker.user_id, count: DEMO_ASSIGNED_CASES },
  );
  return { programId, reports, assignedCases };
}
