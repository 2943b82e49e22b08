import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import {
  insertJurisdiction,
  insertOrganization,
} from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { lifetimeBounds } from '../../src/access/sessions/session-lifetime.js';
import { type AppContext, createAppContext } from '../../src/main/app-context.js';
import { type Clock, systemClock } from '../../src/platform/clock.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { type Database, openPglite, openPostgres } from '../../src/platform/database.js';
import { migrate } from '../../src/platform/migrate.js';
import type { ReportMaker } from '../../src/publications/schedules/report-maker.js';
import { createTestDatabase } from './postgres-cluster.js';

/** The two engines every database test runs on. */
export const engines = ['pglite', 'postgres'] as const;
/** One of the engines. */
export type Engine = (typeof engines)[number];

/** Registers the same suite once per engine. */
export function describeEachEngine(title: string, suite: (engine: Engine) => void): void {
  for (const engine of engines) describe(`${title} [${engine}]`, () => suite(engine));
}

/** The admin URL of the throwaway cluster that `npm test` starts; tests never skip PostgreSQL. */
export function clusterUrl(): string {
  const url = process.env.SOS_TEST_DATABASE_URL;
  if (!url) throw new Error('SOS_TEST_DATABASE_URL is not set: run the tests with npm test');
  return url;
}

/** A fresh, migrated, empty database on the engine, and how to throw it away. */
export async function openTestDatabase(
  engine: Engine,
): Promise<{ db: Database; dispose(): Promise<void>; url?: string }> {
  if (engine === 'pglite') {
    const db = await openPglite('memory://');
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const created = await createTestDatabase(clusterUrl());
  const db = await openPostgres(created.url);
  await migrate(db);
  return {
    db,
    // Another server's way to the same database (PostgreSQL only).
    url: created.url,
    dispose: async () => {
      await db.close();
      await created.drop();
    },
  };
}

/** A full application context on a fresh database, with its own data folder and a fixed key. */
export async function openTestContext(
  engine: Engine,
  options: {
    clock?: Clock;
    alertRetryDelaysMs?: readonly number[];
    config?: Partial<Config>;
    reportMaker?: ReportMaker;
    reportRetryAfterMs?: number;
    jobRetryFirstDelayMs?: number;
  } = {},
): Promise<AppContext & { dispose(): Promise<void> }> {
  const { db, dispose } = await openTestDatabase(engine);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-test-'));
  const config = {
    ...loadConfig({}),
    dataDir,
    encryptionKeys: [Buffer.alloc(32, 7).toString('base64')],
    // Tests run the statistical alert rules themselves (runOnce).
    alertScheduleMinutes: 0,
    // ... and the report schedules (runDue).
    reportScheduleSeconds: 0,
    // Every answer of the tests is checked against its response schema.
    checkResponses: true,
    ...options.config,
  };
  const context = await createAppContext(config, {
    db,
    clock: options.clock ?? systemClock,
    ...(options.alertRetryDelaysMs ? { alertRetryDelaysMs: options.alertRetryDelaysMs } : {}),
    ...(options.reportMaker ? { reportMaker: options.reportMaker } : {}),
    ...(options.reportRetryAfterMs !== undefined ? { reportRetryAfterMs: options.reportRetryAfterMs } : {}),
    // A test that makes a job fail waits for its retries in real time: it may shorten them.
    ...(options.jobRetryFirstDelayMs !== undefined
      ? { jobRetryFirstDelayMs: options.jobRetryFirstDelayMs }
      : {}),
  });
  return {
    ...context,
    dispose: async () => {
      await context.stop();
      // The live feed's LISTEN connection must close before the database can be dropped.
      await context.live.disconnect();
      await dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a jurisdiction with one organization. Its sessions live as long as a jurisdiction may let
 * them (7 days), since many tests move their clock through hours while signed in; the tests of session
 * lifetimes ask for `sessionLifetimes: 'default'`.
 */
export async function seedJurisdiction(
  db: Database,
  options: {
    shortName?: string;
    timeZone?: string;
    organizationType?: string;
    sessionLifetimes?: 'longest' | 'default';
  } = {},
): Promise<{ jurisdiction: Jurisdiction; organization: Organization }> {
  const jurisdiction: Jurisdiction = {
    id: randomUUID(),
    shortName: options.shortName ?? `j${randomUUID().slice(0, 8)}`,
    name: 'Test County',
    timeZone: options.timeZone ?? 'America/New_York',
    parentId: null,
    population: 100_000,
  };
  const organization: Organization = {
    jurisdictionId: jurisdiction.id,
    id: randomUUID(),
    name: 'County EMS',
    type: options.organizationType ?? 'ems',
  };
  await insertJurisdiction(db, jurisdiction);
  await insertOrganization(db, organization);
  if (options.sessionLifetimes !== 'default') {
    await db.query(
      `update jurisdictions set session_idle_minutes_t3 = $2, session_absolute_minutes_t3 = $2,
         session_idle_minutes_t2 = $2, session_absolute_minutes_t2 = $2,
         session_idle_minutes_other = $2, session_absolute_minutes_other = $2
       where id = $1`,
      [jurisdiction.id, lifetimeBounds.maxMinutes],
    );
  }
  return { jurisdiction, organization };
}

/** The shared real data folder beside the project (read-only). */
export function sharedData(...parts: string[]): string {
  return path.resolve(process.cwd(), '..', 'shared', 'data', ...parts);
}
