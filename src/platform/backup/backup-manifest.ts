import { z } from 'zod';
import { SosError } from '../errors.js';

/** What a backup holds, written as its first line: read before any row, compared after a restore. */
export const backupManifestSchema = z.object({
  format: z.literal('sos-backup'),
  version: z.literal(1),
  created_at: z.string(),
  /** The engine it was taken from (it restores into either). */
  engine: z.enum(['pglite', 'postgres']),
  /** Every migration the database had applied, in order; the last is the backup's schema level. */
  migrations: z.array(z.string()).min(1),
  /** Rows per table. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Each jurisdiction's audit chain head at the time of the backup. */
  audit_heads: z.array(z.object({ jurisdiction_id: z.string(), seq: z.number().int(), hash: z.string() })),
});

/** A backup's manifest. */
export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Reads the manifest line; a file whose first line is none is damaged (the tag matched, so not tampered). */
export function readManifestLine(line: string | undefined, file: string): BackupManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line ?? '');
  } catch {
    parsed = undefined;
  }
  const result = backupManifestSchema.safeParse((parsed as { manifest?: unknown } | undefined)?.manifest);
  if (!result.success) {
    throw new SosError('BACKUP_DAMAGED', `${file} has no readable manifest on its first line`, { file });
  }
  return result.data;
}

/** The schema level of a backup: its last migration. */
export function backupLevel(manifest: BackupManifest): string {
  return manifest.migrations[manifest.migrations.length - 1] as string;
}
