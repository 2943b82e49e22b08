import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { listAuditedJurisdictions, readAuditHead } from '../access/audit/audit-repository.js';
import { verifyAuditChains } from '../access/audit/audit-service.js';
import { cliActor } from '../access/roles.js';
import type { BackupKey } from '../platform/backup/backup-key.js';
import type { BackupManifest } from '../platform/backup/backup-manifest.js';
import { dumpDatabase } from '../platform/backup/database-dump.js';
import { type RestoreOptions, restoreDatabase } from '../platform/backup/database-restore.js';
import { openSealedFile, writeSealedFile } from '../platform/backup/sealed-file.js';
import type { Database, Queryable } from '../platform/database.js';
import { openPglite } from '../platform/database.js';

/** Progress of a long backup or restore: rows so far, all rows, the table under way. */
export type Progress = (done: number, total: number, table: string) => void;

/** Each jurisdiction's audit chain head, for the manifest (read in the dump's snapshot). */
async function auditHeads(tx: Queryable): Promise<Pick<BackupManifest, 'audit_heads'>> {
  const heads: BackupManifest['audit_heads'] = [];
  for (const jurisdictionId of (await listAuditedJurisdictions(tx)).sort()) {
    const head = await readAuditHead(tx, jurisdictionId);
    if (head) heads.push({ jurisdiction_id: jurisdictionId, seq: head.seq, hash: head.hash });
  }
  return { audit_heads: heads };
}

/** Writes an encrypted backup of the database to `file`; returns its manifest and size in bytes. */
export async function takeBackup(
  db: Database,
  file: string,
  key: BackupKey,
  now: Date,
  progress?: Progress,
): Promise<{ manifest: BackupManifest; bytes: number }> {
  const out = new PassThrough();
  const writing = writeSealedFile(file, key, out);
  // The dump waits on the stream's back-pressure; a failed write ends the dump through the same stream.
  writing.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed) return reject(out.errored ?? new Error('the backup file stopped taking data'));
      out.write(text, (error) => (error ? reject(error) : resolve()));
    });
  let manifest: BackupManifest;
  try {
    manifest = await dumpDatabase(
      db,
      { write, ...(progress ? { progress } : {}) },
      { now, describe: auditHeads },
    );
  } catch (error) {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
    await writing.catch(() => {});
    throw error;
  }
  out.end();
  return { manifest, bytes: await writing };
}

/** Restores a backup file into a database (see restoreDatabase); the file is checked whole first. */
export async function restoreBackup(
  db: Database,
  file: string,
  key: BackupKey,
  options: Omit<RestoreOptions, 'file'>,
): Promise<BackupManifest> {
  const sealed = openSealedFile(file, key);
  // GCM vouches for the text only once all of it was read: nothing is written before that.
  await sealed.verify();
  return restoreDatabase(db, sealed.lines(), { ...options, file });
}

/** What checking a backup found: its manifest and each difference (none: the backup is sound). */
export interface BackupCheck {
  manifest: BackupManifest;
  differences: string[];
}

/**
 * Restores a backup into a scratch embedded database (a temporary folder, removed afterwards), then
 * compares each table's rows with the manifest, verifies every audit chain and compares each head
 * with the manifest's.
 */
export async function verifyBackup(file: string, key: BackupKey, progress?: Progress): Promise<BackupCheck> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-backup-verify-'));
  const db = await openPglite(dir, { command: 'sos backup verify' });
  try {
    const manifest = await restoreBackup(db, file, key, {
      replace: false,
      migrateAfter: false,
      ...(progress ? { progress } : {}),
    });
    const differences: string[] = [];
    for (const [table, expected] of Object.entries(manifest.tables)) {
      const [row] = await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
      if (row?.n !== expected)
        differences.push(`${table}: ${row?.n ?? 0} rows restored, the manifest says ${expected}`);
    }
    for (const report of await verifyAuditChains(db, cliActor)) {
      for (const p of report.problems) {
        differences.push(`audit chain of ${report.jurisdictionId}: ${p.kind} at ${p.seq}: ${p.message}`);
      }
    }
    const restored = (await auditHeads(db)).audit_heads;
    const named = (h: { jurisdiction_id: string; seq: number; hash: string }) =>
      `${h.jurisdiction_id} ${h.seq} ${h.hash}`;
    const expected = new Set(manifest.audit_heads.map(named));
    const found = new Set(restored.map(named));
    for (const head of manifest.audit_heads) {
      if (!found.has(named(head)))
        differences.push(
          `audit head of ${head.jurisdiction_id}: the manifest says ${head.seq} ${head.hash}, the restored chain does not end there`,
        );
    }
    for (const head of restored) {
      if (!expected.has(named(head)))
        differences.push(
          `audit head of ${head.jurisdiction_id}: ${head.seq} ${head.hash} is not in the manifest`,
        );
    }
    return { manifest, differences };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
