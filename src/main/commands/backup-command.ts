import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBackupKey } from '../../platform/backup/backup-key.js';
import { loadConfig } from '../../platform/config.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { type Progress, takeBackup, verifyBackup } from '../backups.js';
import { type CliCommand, EXIT_FAILED, required, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** sos backup --out FILE [--no-verify]; sos backup verify FILE: encrypted logical backups, checked by restoring. */
export const backupCommand: CliCommand = {
  usage: `sos backup --out FILE [--no-verify]   an encrypted backup (key: SOS_BACKUP_KEY, SOS_BACKUP_KEY_FILE or DATA_DIR/backup.key), then verify it
sos backup verify FILE [--json]        restore FILE into a scratch database and compare it with its manifest (exit 1 on a difference)`,
  run: runBackup,
};

async function runBackup(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'verify') {
    if (positionals.length !== 2) throw usageError('Name the one backup file to verify');
    return check(path.resolve(positionals[1] as string), values.json);
  }
  if (positionals.length > 0) throw usageError(`Unknown subcommand "${positionals[0]}"`);
  const out = path.resolve(required(values.out, 'out'));
  const config = loadConfig();
  const key = loadBackupKey(config, { create: true });
  await withContext({ command: 'backup' }, async (context) => {
    const bar = new ProgressBar('backup');
    const { manifest, bytes } = await takeBackup(context.db, out, key, context.clock.now(), progressOn(bar));
    bar.finish();
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.error(
      `${out}: ${rows.toLocaleString('en-US')} rows of ${Object.keys(manifest.tables).length} tables, ${bytes.toLocaleString('en-US')} bytes, sealed with backup key ${key.id}`,
    );
  });
  if (values['no-verify']) return 0;
  return check(out, values.json);
}

async function check(file: string, json: boolean): Promise<number> {
  const key = loadBackupKey(loadConfig(), { create: false });
  const bar = new ProgressBar('verify');
  const { manifest, differences } = await verifyBackup(file, key, progressOn(bar));
  bar.finish();
  if (json) console.log(JSON.stringify({ ok: differences.length === 0, manifest, differences }));
  else {
    for (const d of differences) console.log(`difference: ${d}`);
    console.log(
      differences.length === 0
        ? `${file}: verified (${Object.keys(manifest.tables).length} tables, ${manifest.audit_heads.length} audit chains, schema ${manifest.migrations.at(-1)})`
        : `${file}: ${differences.length} difference(s)`,
    );
  }
  return differences.length === 0 ? 0 : EXIT_FAILED;
}

/** Feeds a progress bar on stderr (silent when stderr is no terminal). */
export function progressOn(bar: ProgressBar): Progress {
  return (done, total, table) => bar.update(done, total, table);
}
