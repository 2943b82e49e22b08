import { fileURLToPath } from 'node:url';
import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import { type DirectoryImportResult, importDirectory } from '../directory/directory-import.js';
import type { AppContext } from '../main/app-context.js';

/**
 * The demo's treatment provider, an organization of the Connecticut jurisdiction: it answers the
 * referrals of three services of the demo directory (its id is fixed because the vendored
 * sos_service_details.csv names it).
 */
export const DEMO_PROVIDER_ORGANIZATION = {
  id: '9d3c6f0e-51b4-4c47-8a5e-2f7d1c3b6a90',
  name: 'Capitol Region Recovery Services',
  type: 'treatment_provider',
} as const;

/** The made-up Connecticut directory (an HSDS 3.0 tabular package; see demo-data/README.md). */
export const DEMO_DIRECTORY = fileURLToPath(new URL('../../../demo-data/directory/', import.meta.url));

/** Imports the demo directory into the jurisdiction through the directory's own import; it holds no bad row. */
export async function loadDemoDirectory(
  context: AppContext,
  jurisdiction: Jurisdiction,
): Promise<DirectoryImportResult> {
  const result = await importDirectory(
    context.db,
    { kind: 'system', label: 'demo' },
    jurisdiction.id,
    DEMO_DIRECTORY,
    context.clock.now(),
  );
  const [first] = result.problems;
  if (first)
    throw new Error(`the demo directory has a problem: ${first.file} row ${first.row}: ${first.message}`);
  return result;
}
