import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Jurisdiction } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import { type AppContext, createAppContext } from '../../src/main/app-context.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPostgres } from '../../src/platform/database.js';
import { migrate } from '../../src/platform/migrate.js';
import { createTestDatabase, type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { type PostgresReplica, startPostgresReplica } from './postgres-replica.js';
import { seedJurisdiction } from './test-databases.js';

/** A listening SOS on a throwaway primary whose reads that tolerate lag go to a streaming replica. */
export interface ReplicaSite {
  primary: PostgresCluster;
  replica: PostgresReplica;
  context: AppContext;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  base: string;
  jurisdiction: Jurisdiction;
  /** An API key of the jurisdiction's organization (scope submit), for POST /api/v1/reports. */
  apiKey: string;
  /** Runs one statement as the superuser on the replica (pg_wal_replay_pause(), ...). */
  onReplica(sql: string): Promise<void>;
  /** Posts one new report through the API on 2026-11-20, as a dispatch system would. */
  submit(): Promise<void>;
  /** Stops the server, the replica and the primary (each by its own handle) and removes their folders. */
  close(): Promise<void>;
}

/** Starts a primary, a database migrated on it, a replica of it, and SOS with DATABASE_READ_URL on it. */
export async function openReplicaSite(): Promise<ReplicaSite> {
  const primary = await startPostgresCluster();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-replica-site-'));
  let replica: PostgresReplica | undefined;
  let context: AppContext | undefined;
  let app: FastifyInstance | undefined;
  const database = await createTestDatabase(primary.url);
  const db = await openPostgres(database.url);
  const close = async () => {
    await app?.close();
    await context?.stop();
    await context?.live.disconnect();
    if (context && context.readDb !== context.db) await context.readDb.close();
    await db.close();
    await replica?.stop();
    await primary.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await migrate(db);
    replica = await startPostgresReplica(primary);
    context = await createAppContext(
      {
        ...loadConfig({}),
        dataDir,
        databaseReadUrl: replica.urlOf(database.url),
        encryptionKeys: [Buffer.alloc(32, 7).toString('base64')],
        alertScheduleMinutes: 0,
        reportScheduleSeconds: 0,
        checkResponses: true,
      },
      { db },
    );
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { key: apiKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name: 'cad',
    });
    const replicaUrl = replica.url;
    let reportNumber = 0;
    return {
      primary,
      replica,
      context,
      app,
      base,
      jurisdiction,
      apiKey,
      onReplica: async (sql) => {
        const client = new pg.Client({ connectionString: replicaUrl });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      },
      submit: async () => {
        reportNumber++;
        const response = await fetch(`${base}/api/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            source_record_id: `replica-${reportNumber}`,
            occurred_at: '2026-11-20T22:15:00Z',
            latitude: 41.77,
            longitude: -72.68,
            fatal: false,
          }),
        });
        if (response.status !== 201) throw new Error(`the report was refused: ${await response.text()}`);
      },
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
