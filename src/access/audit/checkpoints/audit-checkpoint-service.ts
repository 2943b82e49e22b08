import type { KeyObject } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../../platform/database.js';
import { authorize } from '../../authorize.js';
import type { Actor } from '../../roles.js';
import {
  listAuditedJurisdictions,
  readAuditEntryAt,
  readAuditHead,
  readLastAuditSeq,
} from '../audit-repository.js';
import { checkpointSignatureValid, type SignedCheckpoint, signCheckpoint } from './audit-checkpoint.js';

/** Signs a checkpoint of every jurisdiction's chain head (jurisdictions with an empty chain have none). */
export async function signChainHeads(
  db: Queryable,
  actor: Actor,
  privateKey: KeyObject,
  now: Date,
): Promise<SignedCheckpoint[]> {
  authorize(actor, 'audit.verify');
  const checkpoints: SignedCheckpoint[] = [];
  for (const jurisdictionId of (await listAuditedJurisdictions(db)).sort()) {
    const head = await readAuditHead(db, jurisdictionId);
    if (!head || head.seq === 0) continue;
    checkpoints.push(
      signCheckpoint(
        { jurisdiction_id: jurisdictionId, seq: head.seq, hash: head.hash, at: now.toISOString() },
        privateKey,
      ),
    );
  }
  return checkpoints;
}

/** Appends checkpoints to the file as JSON lines (the file and its folder are created on first use). */
export function appendCheckpoints(file: string, checkpoints: readonly SignedCheckpoint[]): void {
  if (checkpoints.length === 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''), { mode: 0o600 });
}

/** Why one checkpoint does not hold: forged (bad signature), cut short, or rewritten behind it. */
export interface CheckpointProblem {
  /** Its place in the file, from 1. */
  index: number;
  jurisdictionId: string;
  seq: number;
  kind: 'forged' | 'cut_short' | 'rewritten';
  message: string;
}

/**
 * Holds the chains to their checkpoints: each signature must be the public key's; then the chain must
 * still reach the checkpoint's seq and the entry there must carry its hash. The chain check alone
 * cannot see newest entries deleted with the head rolled back, nor a chain re-hashed from scratch;
 * a checkpoint made before either can.
 */
export async function verifyAgainstCheckpoints(
  db: Queryable,
  actor: Actor,
  checkpoints: readonly SignedCheckpoint[],
  publicKey: KeyObject,
): Promise<CheckpointProblem[]> {
  authorize(actor, 'audit.verify');
  const problems: CheckpointProblem[] = [];
  for (const [i, checkpoint] of checkpoints.entries()) {
    const { jurisdiction_id: jurisdictionId, seq, hash } = checkpoint;
    const at = { index: i + 1, jurisdictionId, seq };
    if (!checkpointSignatureValid(checkpoint, publicKey)) {
      problems.push({
        ...at,
        kind: 'forged',
        message: `checkpoint ${i + 1} is not signed by this public key`,
      });
      continue;
    }
    const head = await readAuditHead(db, jurisdictionId);
    const reach = Math.min(head?.seq ?? 0, await readLastAuditSeq(db, jurisdictionId));
    const entry = await readAuditEntryAt(db, jurisdictionId, seq);
    if (reach < seq || !entry) {
      problems.push({
        ...at,
        kind: 'cut_short',
        message: `the chain of ${jurisdictionId} ends at ${reach}, before checkpoint ${i + 1} (seq ${seq} of ${checkpoint.at}): entries were deleted from its end`,
      });
    } else if (entry.hash !== hash) {
      problems.push({
        ...at,
        kind: 'rewritten',
        message: `entry ${seq} of ${jurisdictionId} is not the one checkpoint ${i + 1} signed (${checkpoint.at}): the chain was rewritten behind it`,
      });
    }
  }
  return problems;
}
