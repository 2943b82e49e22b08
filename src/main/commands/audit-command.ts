import { parseArgs } from 'node:util';
import { verifyAuditChains } from '../../access/audit/audit-service.js';
import { cliActor } from '../../access/roles.js';
import { type CliCommand, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** sos audit verify [--json]: exits 1 when any chain is broken, naming each break. */
export const auditCommand: CliCommand = {
  usage: 'sos audit verify [--json]   re-check every audit chain (exit 1 when one is broken)',
  run: runAudit,
};

async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
  if (sub !== 'verify') throw usageError('Name the subcommand: verify');
  return withContext({ command: 'audit verify' }, async (context) => {
    const reports = await verifyAuditChains(context.db, cliActor);
    const broken = reports.filter((r) => r.problems.length > 0);
    if (values.json) console.log(JSON.stringify({ ok: broken.length === 0, chains: reports }));
    else {
      for (const r of reports) {
        console.log(`${r.jurisdictionId}: ${r.entries} entries, ${r.problems.length ? 'BROKEN' : 'intact'}`);
        for (const p of r.problems) console.log(`  ${p.kind} at ${p.seq}: ${p.message}`);
      }
    }
    return broken.length === 0 ? 0 : 1;
  });
}
