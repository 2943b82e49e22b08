import { parseArgs } from 'node:util';
import { cliActor } from '../../access/roles.js';
import { estimateLinkageModel } from '../../linkage/linkage-model-service.js';
import { resolveJurisdiction, withContext } from './command-support.js';

/** Usage of `sos linkage estimate`. */
export const linkageEstimateUsage = 'sos linkage estimate [--jurisdiction ID] [--json]';

/**
 * sos linkage estimate: estimates the jurisdiction's cross-source linkage model from its own reports
 * of the last year and stores it (nothing is stored below the pairs needed; the closeness rule decides).
 */
export async function runLinkageEstimate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { jurisdiction: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  return withContext({ command: 'linkage estimate' }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const estimation = await estimateLinkageModel(context, cliActor, jurisdiction.id);
    if (values.json) console.log(JSON.stringify(estimation));
    else if (estimation.stored)
      console.log(
        `${jurisdiction.shortName}: model estimated from ${estimation.pairCount.toLocaleString('en-US')} candidate pairs of ${estimation.reportCount.toLocaleString('en-US')} reports; EM ${estimation.converged ? 'converged' : 'stopped'} after ${estimation.iterations} iterations, match share ${estimation.matchShare?.toFixed(4)}`,
      );
    else
      console.log(
        `${jurisdiction.shortName}: ${estimation.pairCount.toLocaleString('en-US')} candidate pairs of ${estimation.reportCount.toLocaleString('en-US')} reports, too few for a model: the closeness rule keeps deciding`,
      );
    return 0;
  });
}
