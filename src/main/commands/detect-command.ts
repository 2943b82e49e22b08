import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  COUNT_SERIES_COLUMNS,
  type CountSeriesFile,
  countSeriesOf,
} from '../../detection/count-series-file.js';
import { DETECTION_METHODS, type DetectionMethod, runDetection } from '../../detection/run-detection.js';
import { readCsv } from '../../platform/csv/read-csv.js';
import { SosError } from '../../platform/errors.js';
import { type CliCommand, usageError } from './command-line.js';
import { withCatalogErrors } from './detection-errors.js';

/**
 * sos detect: runs one detection method over a count series file (period_start,count) with R
 * surveillance's control parameters, and prints each monitored period's upper bound and alarm.
 */
export const detectCommand: CliCommand = {
  usage: `sos detect --method ${DETECTION_METHODS.join('|')} --input COUNTS.csv [--params JSON] [--json]`,
  run: (args) => withCatalogErrors(() => runDetect(args)),
};

/** Reads a count series file (period_start,count): the file is read here, its rows checked by detection. */
function readCountSeriesFile(file: string): Promise<CountSeriesFile> {
  if (!existsSync(file)) throw new SosError('FILE_NOT_FOUND', `${file} does not exist`, { file });
  const items = readCsv(createReadStream(file), { fileName: file, requiredColumns: COUNT_SERIES_COLUMNS });
  return countSeriesOf(file, items);
}

async function runDetect(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      method: { type: 'string' },
      input: { type: 'string' },
      params: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const method = values.method as DetectionMethod | undefined;
  if (!method || !DETECTION_METHODS.includes(method) || !values.input) {
    throw usageError(`--method (one of ${DETECTION_METHODS.join(', ')}) and --input are required`);
  }
  let parameters: unknown = {};
  if (values.params !== undefined) {
    try {
      parameters = JSON.parse(values.params);
    } catch (error) {
      throw new SosError(
        'DETECTION_PARAMETER_INVALID',
        `--params is not valid JSON (${(error as Error).message}); give an object such as '{"b":5,"w":3}'`,
      );
    }
  }
  const series = await readCountSeriesFile(values.input);
  const { range, result } = runDetection(method, series.counts, parameters, series);
  if (values.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log('period_start  count  upperbound  alarm');
  result.upperbound.forEach((bound, i) => {
    const index = range[0] - 1 + i;
    const count = series.counts[index] as number;
    console.log(
      [
        series.periodStarts[index],
        (Number.isNaN(count) ? '' : String(count)).padStart(5),
        (bound === null ? '' : bound.toFixed(2)).padStart(10),
        result.alarm[i] ? 'ALARM' : '',
      ].join('  '),
    );
  });
  return 0;
}
