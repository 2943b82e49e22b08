import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePrm } from '../../detection/scan/prm-file.js';
import { parseCaseFile, parseCoordinatesFile } from '../../detection/scan/scan-files.js';
import { readScanParameters } from '../../detection/scan/scan-parameters.js';
import { formatScanReport } from '../../detection/scan/scan-report-text.js';
import { runSpaceTimePermutationScan } from '../../detection/scan/space-time-permutation.js';
import { SosError } from '../../platform/errors.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { type CliCommand, usageError } from './command-line.js';
import { wholeNumber } from './command-support.js';
import { withCatalogErrors } from './detection-errors.js';

/**
 * Where an input file named in a .prm is: relative to the .prm's folder; a Windows path that does
 * not exist here (parameter files saved by SaTScan's GUI name C:\... paths) falls back to its file
 * name beside the .prm, which is how analysts share a study folder.
 */
function inputPath(folder: string, name: string): string {
  const direct = path.resolve(folder, name);
  if (existsSync(direct) || !/\\|^[A-Za-z]:/.test(name)) return direct;
  const beside = path.resolve(folder, path.win32.basename(name));
  return existsSync(beside) ? beside : direct;
}

function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new SosError('FILE_NOT_FOUND', `The ${what} ${file} does not exist`);
  return readFileSync(file, 'utf8');
}

/**
 * sos scan --prm FILE.prm: runs the space-time permutation scan a SaTScan parameter file describes,
 * its case and coordinates files taken relative to the parameter file, and prints the clusters.
 */
export const scanCommand: CliCommand = {
  usage:
    'sos scan --prm FILE.prm [--json] [--threads N]   space-time permutation scan of a SaTScan parameter file',
  run: (args) => withCatalogErrors(() => runScan(args)),
};

async function runScan(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { prm: { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' } },
  });
  if (!values.prm) throw usageError('--prm is required');
  const prmFile = path.resolve(values.prm);
  const parameters = readScanParameters(parsePrm(readText(prmFile, 'parameter file')));
  const folder = path.dirname(prmFile);
  const caseFile = inputPath(folder, parameters.caseFile);
  const coordinatesFile = inputPath(folder, parameters.coordinatesFile);
  const cases = parseCaseFile(readText(caseFile, 'case file'), parameters.caseFile);
  const locations = parseCoordinatesFile(
    readText(coordinatesFile, 'coordinates file'),
    parameters.coordinatesFile,
  );
  const bar = new ProgressBar('replications');
  const result = await runSpaceTimePermutationScan(parameters, cases, locations, {
    ...(values.threads !== undefined ? { threads: wholeNumber('threads', values.threads, 1) } : {}),
    onProgress: (done, total) => bar.update(done, total, `${done}/${total}`),
  });
  bar.finish();
  if (values.json) {
    const { replicationLlrs: _, ...rest } = result;
    console.log(
      JSON.stringify(
        { analysis: parameters.prospective ? 'prospective' : 'retrospective', ...rest },
        null,
        2,
      ),
    );
  } else {
    console.log(formatScanReport(result, parameters));
  }
  return 0;
}
