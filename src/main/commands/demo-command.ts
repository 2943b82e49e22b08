import { parseArgs } from 'node:util';
import { runGenerateCommand } from '../../demo/generator/command.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { type CliCommand, required, usageError } from './command-line.js';
import { wholeNumber } from './command-support.js';

/** sos demo generate: writes a synthetic CSV with injected spikes and its ground truth. */
export const demoCommand: CliCommand = {
  usage: 'sos demo generate --events N --days D [--seed S] [--end YYYY-MM-DD] --out FILE.csv',
  run: runDemo,
};

async function runDemo(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      events: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (sub !== 'generate') throw usageError('Name the subcommand: generate');
  const out = required(values.out, 'out');
  const bar = new ProgressBar('generate');
  const result = await runGenerateCommand({
    events: wholeNumber('events', values.events, 1),
    days: wholeNumber('days', values.days, 1),
    out,
    ...(values.seed !== undefined ? { seed: wholeNumber('seed', values.seed) } : {}),
    ...(values.end ? { end: values.end } : {}),
    onProgress: (written, total) => bar.update(written, total, `${written.toLocaleString('en-US')} rows`),
  });
  bar.finish();
  console.log(
    `${out}: ${result.rows} rows, ${result.spikes} injected spikes (seed ${result.seed}); ground truth: ${result.truthFile}`,
  );
  return 0;
}
