import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type DataDirUser, lockDataDir } from './data-dir-lock.js';
import { SosError } from './errors.js';

/** A row as returned by a query: column name to value. */
export type Row = Record<string, unknown>;

/** Anything that runs parameterized SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Appends rows already written in COPY text format (see copy-text.ts) with COPY: several times
   * faster than INSERT for the bulk writes of intake. Nothing is sent when the text is empty.
   */
  copyLines(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>;
}

/**
 * One PostgreSQL dialect behind two engines: embedded PGlite (a data directory, no server) and a real
 * PostgreSQL server. Repositories only see this interface, so the same SQL runs on both.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Hears NOTIFY on a channel from every process sharing the server (PostgreSQL only: PGlite lives in
   * one process, which needs no messages from itself). Returns the function that stops listening.
   */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** True when opening made a new, empty embedded database (there was none in the data directory). */
  readonly created?: boolean;
  /**
   * On the read handle over a replica (read-database.ts): the primary, where writes, transactions and
   * whatever must not lag (disclosure settings) go. Absent on a primary itself.
   */
  readonly primary?: Database;
  close(): Promise<void>;
}

/** How to open the embedded database: who opens it (for its lock), and whether it may be created. */
export interface PgliteOpening extends Partial<DataDirUser> {
  /** false: refuse with DATABASE_NOT_FOUND when the data directory holds no database yet (default true). */
  create?: boolean;
}

// Dates stay calendar strings ('2024-05-03'): turning them into JS Dates would shift them by the
// process's time zone. int8 counts fit in a double for every count we keep.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `dataDir` (or in memory for `memory://`). */
export async function openDatabase(
  options: { databaseUrl: string | null; dataDir: string },
  opening: PgliteOpening = {},
): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir, opening);
}

/**
 * Opens an embedded PGlite database in a folder, or in memory when the folder is 'memory://'. A
 * folder is locked for this process until `close` (see data-dir-lock.ts).
 */
export async function openPglite(dataDir: string, opening: PgliteOpening = {}): Promise<Database> {
  if (dataDir === 'memory://') return wrapPglite(await createPglite(undefined), false, () => {});
  const location = path.join(dataDir, 'pglite');
  // PG_VERSION is the first file of every PostgreSQL data directory.
  const created = !existsSync(path.join(location, 'PG_VERSION'));
  if (created && opening.create === false) {
    throw new SosError(
      'DATABASE_NOT_FOUND',
      `There is no SOS database in ${dataDir} (SOS_DATA_DIR): start the server there once with sos start, or point SOS_DATA_DIR at the server's data directory`,
      { dataDir },
    );
  }
  mkdirSync(location, { recursive: true });
  const lock = lockDataDir(dataDir, {
    // A caller that does not say who it is (a bench, a script) is named by its command line.
    command: opening.command ?? `node ${path.basename(process.argv[1] ?? '')}`,
    ...(opening.instead ? { instead: opening.instead } : {}),
  });
  try {
    const db = await createPglite(location);
    return wrapPglite(db, created, () => lock.release());
  } catch (error) {
    lock.release();
    // PGlite reports a damaged folder as a bare WebAssembly abort ("RuntimeError: Aborted()").
    throw new SosError(
      'DATABASE_UNREADABLE',
      `The embedded database in ${location} could not be opened (${firstLine(error)}). ` +
        'It may be damaged, for example by two processes having used it at once: restore the data directory from a backup, or move it away and start afresh',
      { dataDir },
    );
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function createPglite(location: string | undefined): Promise<PGlite> {
  return PGlite.create(location, {
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: Number },
  });
}

function wrapPglite(db: PGlite, created: boolean, release: () => void): Database {
  const run = async <T>(q: { query: PGlite['query'] }, text: string, params?: unknown[]) =>
    (await q.query<T>(text, params as unknown[] | undefined)).rows;
  // PGlite reads COPY input from a virtual file fed by a Blob.
  const copy = async (
    q: { query: PGlite['query'] },
    table: string,
    columns: readonly string[],
    text: string | Uint8Array,
  ) => {
    if (text.length === 0) return;
    const blob = new Blob([text as string | Uint8Array<ArrayBuffer>]);
    await q.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob });
  };
  const handle = (q: { query: PGlite['query'] }): Queryable => ({
    query: (text, params) => run(q, text, params),
    copyLines: (table, columns, text) => copy(q, table, columns, text),
  });
  return {
    kind: 'pglite',
    created,
    ...handle(db),
    transaction: (fn) => db.transaction((tx) => fn(handle(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

/** How a pool reaches its server: a read replica's gives up connecting sooner and may start unreachable. */
export interface PostgresOpening {
  /** Milliseconds to wait for a connection (pg's default, 0, waits forever). */
  connectionTimeoutMillis?: number;
  /** false: no `select 1` before returning, so an unreachable server is found by the first query. */
  verify?: boolean;
}

/** Opens a pool of connections to a PostgreSQL server. */
export async function openPostgres(
  url: string,
  poolSize = 10,
  opening: PostgresOpening = {},
): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    // No JIT compilation: SOS's statements are short (a batch's lookups, a dashboard's aggregates),
    // and compiling one costs 100 ms or more each time the planner's estimate passes jit_above_cost,
    // as a 5,000-row batch's linkage lookup does, for a statement that runs in a few milliseconds.
    options: '-c jit=off',
    ...(opening.connectionTimeoutMillis ? { connectionTimeoutMillis: opening.connectionTimeoutMillis } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  if (opening.verify !== false) await pool.query('select 1');
  const copy = async (
    client: pg.PoolClient,
    table: string,
    columns: readonly string[],
    text: string | Uint8Array,
  ) => {
    if (text.length === 0) return;
    await pipeline(
      Readable.from([text]),
      client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)),
    );
  };
  const withClient = async (fn: (client: pg.PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await fn(client);
    } finally {
      client.release();
    }
  };
  const clientHandle = (client: pg.PoolClient): Queryable => ({
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    copyLines: (table, columns, text) => copy(client, table, columns, text),
  });
  return {
    kind: 'postgres',
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    copyLines: (table, columns, text) => withClient((client) => copy(client, table, columns, text)),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(clientHandle(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    listen: (channel, onMessage) => listenOnOwnConnection(url, channel, onMessage),
    close: () => pool.end(),
  };
}

/**
 * LISTEN needs a connection of its own that stays open (a pooled one would be handed to others). A
 * dropped connection is opened again after a second, until the returned function is called.
 */
async function listenOnOwnConnection(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let retrying = false;
  let client: pg.Client | null = null;
  const retry = () => {
    if (stopped || retrying) return;
    retrying = true;
    setTimeout(() => {
      retrying = false;
      open().catch(retry);
    }, 1_000).unref();
  };
  const open = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    next.on('error', () => {});
    next.on('end', retry);
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = next;
  };
  await open();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}

/** The handle that reaches the primary: the primary behind a read handle, or the handle itself. */
export function primaryOf(q: Queryable): Queryable {
  return (q as Partial<Database>).primary ?? q;
}
