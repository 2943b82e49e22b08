import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyAuditChains } from '../../access/audit/audit-service.js';
import { parseCheckpointLines } from '../../access/audit/checkpoints/audit-checkpoint.js';
import { verifyAgainstCheckpoints } from '../../access/audit/checkpoints/audit-checkpoint-service.js';
import {
  loadAuditSigningKey,
  publicKeyPem,
  readPublicKey,
} from '../../access/audit/checkpoints/audit-signing-key.js';
import { cliActor } from '../../access/roles.js';
import { loadConfig } from '../../platform/config.js';
import { SosError } from '../../platform/errors.js';
import { type CliCommand, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** sos audit verify|checkpoint|public-key: the chain's checks and its anchors outside the database. */
export const auditCommand: CliCommand = {
  usage: [
    'sos audit verify [--json] [--checkpoint FILE [--public-key FILE]]',
    '                 re-check every audit chain, and hold it to signed checkpoints (exit 1 when broken)',
    'sos audit checkpoint   sign a checkpoint of every chain head now (to SOS_AUDIT_CHECKPOINT_FILE/_URL)',
    'sos audit public-key   print the public key that checks the checkpoints',
  ].join('\n'),
  run: runAudit,
};

function existingFile(file: string, what: string): string {
  if (!existsSync(file)) throw new SosError('FILE_NOT_FOUND', `${what} ${file} does not exist`);
  return file;
}

async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'public-key') {
    if (rest.length > 0) throw usageError('sos audit public-key takes no arguments');
    process.stdout.write(publicKeyPem(loadAuditSigningKey(loadConfig().auditSigningKeyFile)));
    return 0;
  }
  if (sub === 'checkpoint') {
    if (rest.length > 0) throw usageError('sos audit checkpoint takes no arguments');
    return withContext({ command: 'audit checkpoint' }, async (context) => {
      const made = await context.auditCheckpoints.runOnce(context.clock.now());
      for (const c of made) console.log(`${c.jurisdiction_id}: checkpoint at entry ${c.seq} (${c.hash})`);
      if (made.length === 0) console.log('no audit chain has entries yet: nothing to sign');
      const to = [context.config.auditCheckpointFile, context.config.auditCheckpointUrl].filter(Boolean);
      if (made.length > 0) console.log(`written to ${to.join(' and ') || 'nowhere (no file or URL is set)'}`);
      return 0;
    });
  }
  if (sub !== 'verify') throw usageError('Name the subcommand: verify, checkpoint or public-key');
  const { values } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean', default: false },
      checkpoint: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  if (values['public-key'] && !values.checkpoint)
    throw usageError('--public-key goes with --checkpoint FILE');
  // Read before the database opens: a file that cannot be read stops the command with its reason.
  const checkpointFile = values.checkpoint ? existingFile(values.checkpoint, 'The checkpoint file') : null;
  const checkpoints = checkpointFile
    ? parseCheckpointLines(readFileSync(checkpointFile, 'utf8'), checkpointFile)
    : [];
  const publicKey = checkpointFile
    ? readPublicKey(
        values['public-key']
          ? existingFile(values['public-key'], 'The public key file')
          : existingFile(loadConfig().auditSigningKeyFile, 'The audit signing key file'),
      )
    : null;
  return withContext({ command: 'audit verify' }, async (context) => {
    const reports = await verifyAuditChains(context.db, cliActor);
    const broken = reports.filter((r) => r.problems.length > 0);
    const checkpointProblems = publicKey
      ? await verifyAgainstCheckpoints(context.db, cliActor, checkpoints, publicKey)
      : [];
    const ok = broken.length === 0 && checkpointProblems.length === 0;
    if (values.json) {
      console.log(
        JSON.stringify({
          ok,
          chains: reports,
          ...(publicKey
            ? { checkpoints: { checked: checkpoints.length, problems: checkpointProblems } }
            : {}),
        }),
      );
    } else {
      for (const r of reports) {
        console.log(`${r.jurisdictionId}: ${r.entries} entries, ${r.problems.length ? 'BROKEN' : 'intact'}`);
        for (const p of r.problems) console.log(`  ${p.kind} at ${p.seq}: ${p.message}`);
      }
      if (publicKey) {
        console.log(
          `checkpoints: ${checkpoints.length} checked, ${checkpointProblems.length ? `${checkpointProblems.length} NOT HELD` : 'all held'}`,
        );
        for (const p of checkpointProblems) console.log(`  ${p.kind}: ${p.message}`);
      }
    }
    return ok ? 0 : 1;
  });
}
