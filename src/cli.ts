#!/usr/bin/env node
import {
  apiKeyCommand,
  jurisdictionCommand,
  keysCommand,
  organizationCommand,
  userCommand,
} from './commands/admin-commands.js';
import { auditCommand } from './commands/audit-command.js';
import { demoCommand } from './commands/demo-command.js';
import { detectCommand } from './commands/detect-command.js';
import { importCommand } from './commands/import-command.js';
import { layerCommand } from './commands/layer-command.js';
import { reportCommand } from './commands/report-command.js';
import { scanCommand } from './commands/scan-command.js';
import { startCommand } from './commands/start-command.js';
import { suppressionCommand } from './commands/suppression-command.js';
import { SosError } from './platform/errors.js';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  import: importCommand,
  layer: layerCommand,
  audit: auditCommand,
  demo: demoCommand,
  scan: scanCommand,
  detect: detectCommand,
  suppression: suppressionCommand,
  report: reportCommand,
  jurisdiction: jurisdictionCommand,
  organization: organizationCommand,
  user: userCommand,
  apikey: apiKeyCommand,
  keys: keysCommand,
};

const USAGE = `Usage: sos <command>
  start [--no-demo]                         serve the API (loads the demo on first start)
  import FILE --preset NAME [--jurisdiction ID] [--organization ID] [--rejected FILE] [--json]
  layer import FILE.geojson --name NAME --id-property PROP [--population CSV ...] | layer list
  audit verify [--json]                     re-check every audit chain
  demo generate --events N --days D [--seed S] --out FILE.csv
  scan --prm FILE.prm [--json] [--threads N]  space-time permutation scan of a SaTScan parameter file
  detect --method earsC|cusum|farrington|ewma|regression|switch --input COUNTS.csv [--params JSON] [--json]
  report weekly --jurisdiction ID --week 2024-W05 --audience internal|partner|public --out FILE.pdf|FILE.html
  suppression check FILE.csv|FILE.json ... [--k 10] [--exact] [--json]  try to recover hidden figures of published tables
  jurisdiction list | create   organization list | create   user create   apikey create   keys reseal`;

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exit(name ? 2 : 0);
}
try {
  process.exitCode = await command(args);
} catch (error) {
  if (error instanceof SosError) {
    console.error(`error ${error.code}: ${error.message}`);
    process.exitCode = 1;
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`error VALIDATION_FAILED: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
