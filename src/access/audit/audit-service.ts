import type { Queryable } from '../../platform/database.js';
import { authorize, authorizeUser } from '../authorize.js';
import type { Actor } from '../roles.js';
import { type ChainProblem, ChainVerifier } from './audit-chain.js';
import { listAuditedJurisdictions, readAuditHead, readAuditPage } from './audit-repository.js';

/** The verdict on one jurisdiction's audit chain. */
export interface ChainReport {
  jurisdictionId: string;
  entries: number;
  problems: ChainProblem[];
}

/** Re-computes every audit chain from its first entry, page by page, and reports every break. */
export async function verifyAuditChains(db: Queryable, actor: Actor): Promise<ChainReport[]> {
  authorize(actor, 'audit.verify');
  const reports: ChainReport[] = [];
  for (const jurisdictionId of await listAuditedJurisdictions(db))
    reports.push(await verifyChain(db, jurisdictionId));
  return reports;
}

/** Re-computes the administrator's own jurisdiction's chain (the trail page's "Verify chain"). */
export async function verifyOwnAuditChain(db: Queryable, actor: Actor): Promise<ChainReport> {
  authorizeUser(actor, 'audit.verify');
  return verifyChain(db, actor.jurisdictionId);
}

async function verifyChain(db: Queryable, jurisdictionId: string): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await readAuditPage(db, jurisdictionId, after, 5000);
    if (page.length === 0) break;
    for (const entry of page) verifier.step(entry);
    after = (page[page.length - 1] as (typeof page)[number]).seq;
  }
  const problems = verifier.finish(await readAuditHead(db, jurisdictionId));
  return { jurisdictionId, entries: verifier.count, problems };
}
