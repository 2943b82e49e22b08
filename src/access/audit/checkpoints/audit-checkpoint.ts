import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../../../platform/canonical-json.js';
import { SosError } from '../../../platform/errors.js';

/** What a checkpoint vouches for: a jurisdiction's chain reached `seq`, whose entry had `hash`, at `at`. */
export interface CheckpointClaim {
  jurisdiction_id: string;
  seq: number;
  hash: string;
  at: string;
}

/** A claim and its Ed25519 signature (base64), one JSON line of the checkpoint file. */
export interface SignedCheckpoint extends CheckpointClaim {
  signature: string;
}

/** The bytes signed: the claim's four fields as canonical JSON, so the line's key order never matters. */
function signedBytes(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({ jurisdiction_id: claim.jurisdiction_id, seq: claim.seq, hash: claim.hash, at: claim.at }),
  );
}

/** Signs a claim with the private key. */
export function signCheckpoint(claim: CheckpointClaim, privateKey: KeyObject): SignedCheckpoint {
  return { ...claim, signature: sign(null, signedBytes(claim), privateKey).toString('base64') };
}

/** Whether the checkpoint's signature is the public key's over its claim. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Reads a checkpoint file (JSON lines; blank lines skipped). A line that is not a checkpoint is
 * AUDIT_CHECKPOINT_INVALID naming the file and line: a file that cannot be read proves nothing.
 */
export function parseCheckpointLines(text: string, file: string): SignedCheckpoint[] {
  const checkpoints: SignedCheckpoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${file}, line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SosError('AUDIT_CHECKPOINT_INVALID', `${where}: not JSON`);
    }
    const c = value as Partial<SignedCheckpoint> | null;
    const field =
      typeof c !== 'object' || c === null
        ? 'the line'
        : typeof c.jurisdiction_id !== 'string'
          ? 'jurisdiction_id'
          : !Number.isSafeInteger(c.seq) || (c.seq as number) < 0
            ? 'seq'
            : typeof c.hash !== 'string' || !/^[0-9a-f]{64}$/.test(c.hash)
              ? 'hash'
              : typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))
                ? 'at'
                : typeof c.signature !== 'string'
                  ? 'signature'
                  : null;
    if (field) throw new SosError('AUDIT_CHECKPOINT_INVALID', `${where}: ${field} is missing or not valid`);
    checkpoints.push(c as SignedCheckpoint);
  });
  return checkpoints;
}
