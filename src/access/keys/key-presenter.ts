import { z } from 'zod';
import type { KeyRotation } from './key-rotation-repository.js';
import type { KeyStatus } from './key-rotation-service.js';

/** A key rotation as the security page shows it. */
export const keyRotationSchema = z.object({
  id: z.uuid(),
  new_key_id: z.string(),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  sealed_total: z.number().int(),
  done: z.number().int(),
});

/** The keys (their public ids, never the keys), rows sealed per key and kind, and the latest rotation. */
export const keyStatusSchema = z.object({
  current_key_id: z.string(),
  key_file_mode: z
    .boolean()
    .describe('false: the keys come from SOS_ENCRYPTION_KEYS and rotate by a restart'),
  keys: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      configured: z.boolean().describe('false: rows name a key the server does not hold'),
      rows: z.array(z.object({ kind: z.string(), count: z.number().int() })),
    }),
  ),
  rotation: keyRotationSchema.nullable(),
});

/** A rotation's fields that leave. */
export function presentKeyRotation(rotation: KeyRotation): z.infer<typeof keyRotationSchema> {
  return {
    id: rotation.id,
    new_key_id: rotation.newKeyId,
    started_at: new Date(rotation.startedAt).toISOString(),
    finished_at: rotation.finishedAt === null ? null : new Date(rotation.finishedAt).toISOString(),
    sealed_total: rotation.sealedTotal,
    done: rotation.done,
  };
}

/** The key status's fields that leave. */
export function presentKeyStatus(status: KeyStatus): z.infer<typeof keyStatusSchema> {
  return {
    current_key_id: status.currentKeyId,
    key_file_mode: status.keyFileMode,
    keys: status.keys.map((k) => ({
      id: k.id,
      current: k.current,
      configured: k.configured,
      rows: Object.entries(k.rows).map(([kind, count]) => ({ kind, count })),
    })),
    rotation: status.rotation === null ? null : presentKeyRotation(status.rotation),
  };
}
