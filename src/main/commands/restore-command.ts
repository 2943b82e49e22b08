import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBackupKey } from '../../platform/backup/backup-key.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase, openPglite, openPostgres } from '../../platform/database.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { restoreBackup } from '../backups.js';
import { progressOn } from './backup-command.js';
import { type CliCommand, usageError } from './command-line.js';

/** sos restore FILE [--into DATA_DIR_OR_URL] [--replace] */
export const restoreCommand: CliCommand = {
  usage: `sos restore FILE [--into DATA_DIR_OR_URL] [--replace]   restore a backup into an empty database (default: the configured one)`,
  run: runRestore,
};

async function runRestore(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { into: { type: 'string' }, replace: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw usageError('Name the one backup file to restore');
  const file = path.resolve(positionals[0] as string);
  const config = loadConfig();
  const key = loadBackupKey(config, { create: false });
  const into = values.into;
  const db = !into
    ? await openDatabase(config, { command: 'sos restore' })
    : /^postgres(ql)?:\/\//.test(into)
      ? await openPostgres(into)
      : await openPglite(path.resolve(into), { command: 'sos restore' });
  try {
    const bar = new ProgressBar('restore');
    const manifest = await restoreBackup(db, file, key, {
      replace: values.replace,
      migrateAfter: true,
      progress: progressOn(bar),
    });
    bar.finish();
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.log(
      `restored ${rows.toLocaleString('en-US')} rows of ${Object.keys(manifest.tables).length} tables from ${file} (taken ${manifest.created_at}, schema ${manifest.migrations.at(-1)})`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
