#!/usr/bin/env node
import {
  apiKeyCommand,
  jurisdictionCommand,
  keysCommand,
  organizationCommand,
  userCommand,
} from './commands/admin-commands.js';
import { auditCommand } from './commands/audit-command.js';
import { backupCommand } from './commands/backup-command.js';
import { classifyCommand } from './commands/classify-command.js';
import { asksForHelp, type CliCommand, EXIT_FAILED, EXIT_USAGE } from './commands/command-line.js';
import { demoCommand } from './commands/demo-command.js';
import { detectCommand } from './commands/detect-command.js';
import { directoryCommand } from './commands/directory-command.js';
import { distributionCommand } from './commands/distribution-command.js';
import { describeFailure } from './commands/failure-text.js';
import { importCommand } from './commands/import-command.js';
import { layerCommand } from './commands/layer-command.js';
import { linkageCommand } from './commands/linkage-command.js';
import { partitionsCommand } from './commands/partitions-command.js';
import { reportCommand } from './commands/report-command.js';
import { restoreCommand } from './commands/restore-command.js';
import { scanCommand } from './commands/scan-command.js';
import { startCommand } from './commands/start-command.js';
import { suppressionCommand } from './commands/suppression-command.js';

const COMMANDS: Record<string, CliCommand> = {
  start: startCommand,
  import: importCommand,
  classify: classifyCommand,
  layer: layerCommand,
  audit: auditCommand,
  demo: demoCommand,
  scan: scanCommand,
  detect: detectCommand,
  linkage: linkageCommand,
  directory: directoryCommand,
  suppression: suppressionCommand,
  report: reportCommand,
  jurisdiction: jurisdictionCommand,
  organization: organizationCommand,
  user: userCommand,
  apikey: apiKeyCommand,
  keys: keysCommand,
  backup: backupCommand,
  restore: restoreCommand,
  distribution: distributionCommand,
  partitions: partitionsCommand,
};

const USAGE = `Usage: sos <command> (sos <command> --help for one command)
${Object.values(COMMANDS)
  .map((c) => c.usage.replace(/^/gm, '  '))
  .join('\n')}
Exit codes: 0 done, 1 refused or failed (error CODE: message), 2 the command line is wrong.`;

// A failure outside the command's own promise (a timer, a stream) ends the process the same way:
// one line with the code, never a stack trace or a line of a minified dependency.
const fail = (error: unknown) => {
  console.error(describeFailure(error, process.env.SOS_DEBUG === '1'));
  process.exit(EXIT_FAILED);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  const help = name === undefined || name === '--help' || name === '-h' || name === 'help';
  if (!help) console.error(`error CLI_USAGE: unknown command "${name}"`);
  (help ? console.log : console.error)(USAGE);
  process.exit(help ? 0 : EXIT_USAGE);
}
if (asksForHelp(args)) {
  console.log(`Usage:\n${command.usage.replace(/^/gm, '  ')}`);
  process.exit(0);
}
try {
  process.exitCode = await command.run(args);
} catch (error) {
  const usage = isUsageError(error);
  console.error(describeFailure(error, process.env.SOS_DEBUG === '1'));
  if (usage) console.error(`Usage:\n${command.usage.replace(/^/gm, '  ')}`);
  process.exitCode = usage ? EXIT_USAGE : EXIT_FAILED;
}

/** Our own CLI_USAGE, or node:util parseArgs refusing an option (ERR_PARSE_ARGS_*). */
function isUsageError(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === 'CLI_USAGE' || String(error.code).startsWith('ERR_PARSE_ARGS');
}
