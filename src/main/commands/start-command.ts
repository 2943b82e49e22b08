import { parseArgs } from 'node:util';
import { insertJurisdiction, listJurisdictions } from '../../access/jurisdictions/jurisdiction-repository.js';
import { loadDemoOnce } from '../../demo/demo-loader.js';
import { loadConfig } from '../../platform/config.js';
import { newId } from '../../platform/ids.js';
import { buildApp } from '../app.js';
import { createAppContext } from '../app-context.js';
import type { CliCommand } from './command-line.js';

/** sos start [--no-demo]: migrates, loads the demo on first start, creates the first administrator, serves. */
export const startCommand: CliCommand = {
  usage: 'sos start [--no-demo]   serve the API and the dashboard (loads the demo on first start)',
  run: runStart,
};

async function runStart(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean', default: false } } });
  const config = loadConfig();
  const context = await createAppContext(config, { opening: { command: 'sos start', create: true } });
  const log = (line: string) => console.log(line);
  log(`database: ${context.db.kind}${context.db.kind === 'pglite' ? ` in ${config.dataDir}` : ''}`);
  if (!values['no-demo']) await loadDemoOnce(context, log);
  let [home] = await listJurisdictions(context.db);
  if (!home) {
    home = {
      id: newId(),
      shortName: 'default',
      name: 'Health department',
      timeZone: 'UTC',
      parentId: null,
      population: null,
    };
    await insertJurisdiction(context.db, home);
  }
  const admin = await context.access.ensureFirstAdministrator(
    home.id,
    config.adminEmail,
    config.adminPassword,
  );
  if (admin?.generatedPassword) {
    log(
      `first start: administrator ${admin.email} with password ${admin.generatedPassword} (shown once; change it)`,
    );
  } else if (admin) {
    log(`first start: administrator ${admin.email} created from SOS_ADMIN_EMAIL / SOS_ADMIN_PASSWORD`);
  }
  const app = await buildApp(context, { logger: false });
  const address = await app.listen({ port: config.port, host: config.host });
  context.jobs.start();
  log(`SOS is serving on ${address.replace('0.0.0.0', 'localhost')} (API documentation at /api/docs)`);
  const stop = async () => {
    await app.close();
    await context.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
