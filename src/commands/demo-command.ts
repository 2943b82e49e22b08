import { parseArgs } from 'node:util';
import { runGenerateCommand } from '../demo/generator/command.js';
import { SosError } from '../platform/errors.js';
import { ProgressBar } from '../platform/progress-bar.js';
import { wholeNumber } from './command-support.js';

/** sos demo generate --events N --days D [--seed S] [--end YYYY-MM-DD] --out FILE.csv */
export async function demoCommand(args: string[]): Promise<number> {
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
  if (sub !== 'generate' || !values.out) {
    throw new SosError(
      'VALIDATION_FAILED',
      'Usage: sos demo generate --events N --days D [--seed S] [--end YYYY-MM-DD] --out FILE.csv',
    );
  }
  const bar = new ProgressBar('generate');
  const result = await runGenerateCommand({
    events: wholeNumber('events', values.events, 1),
    days: wholeNumber('days', values.days, 1),
    out: values.out,
    ...(values.seed !== undefined ? { seed: wholeNumber('seed', values.seed) } : {}),
    ...(values.end ? { end: values.end } : {}),
    onProgress: (written, total) => bar.update(written, total, `${written.toLocaleString('en-US')} rows`),
  });
  bar.finish();
  console.log(
    `${values.out}: ${result.rows} rows, ${result.spikes} injected spikes (seed ${result.seed}); ground truth: ${result.truthFile}`,
  );
  return 0;
}
