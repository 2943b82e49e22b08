import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { Keyring, readKeyFile, writeKeyFile } from '../../platform/keyring.js';
import type { SealedStore } from '../../platform/sealed-store.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import { authorize } from '../authorize.js';
import { listJurisdictions } from '../jurisdictions/jurisdiction-repository.js';
import { type Actor, auditActor } from '../roles.js';
import {
  addRotationDone,
  findLatestRotation,
  findUnfinishedRotation,
  finishRotations,
  insertKeyRotation,
  type KeyRotation,
} from './key-rotation-repository.js';

/** Rows re-sealed per transaction. */
const RESEAL_BATCH = 200;

/** What a key rotation needs: the database, the live keyring, where its keys live, and every sealed store. */
export interface KeyRotationDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** The key file, or null when the keys come from SOS_ENCRYPTION_KEYS (then a rotation is a restart). */
  keyFile: string | null;
  stores: readonly SealedStore[];
}

/** The keys and how many rows each seals, with the latest rotation. */
export interface KeyStatus {
  currentKeyId: string;
  keyFileMode: boolean;
  keys: { id: string; current: boolean; configured: boolean; rows: Record<string, number> }[];
  rotation: KeyRotation | null;
}

/**
 * Encryption key rotation: a new key put first in the key file (the keyring reloaded at once), then
 * every sealed row re-sealed under it in the background, its progress kept in `key_rotations`; an old
 * key leaves the file only when nothing is sealed with it any more. Each step is audited.
 */
export class KeyRotationService {
  private running: Promise<void> | null = null;

  constructor(private readonly deps: KeyRotationDependencies) {}

  /** The current key, rows per key id and store, and the latest rotation. */
  async status(actor: Actor): Promise<KeyStatus> {
    authorize(actor, 'jurisdiction.manage');
    const { db, keyring } = this.deps;
    const rows = new Map<string, Record<string, number>>(keyring.keyIds.map((id) => [id, {}]));
    for (const store of this.deps.stores) {
      for (const [keyId, n] of Object.entries(await store.countByKey(db))) {
        const counts = rows.get(keyId) ?? {};
        counts[store.name] = n;
        rows.set(keyId, counts);
      }
    }
    const configured = new Set(keyring.keyIds);
    return {
      currentKeyId: keyring.currentKeyId,
      keyFileMode: this.deps.keyFile !== null,
      keys: [...rows].map(([id, counts]) => ({
        id,
        current: id === keyring.currentKeyId,
        configured: configured.has(id),
        rows: Object.fromEntries(this.deps.stores.map((s) => [s.name, counts[s.name] ?? 0])),
      })),
      rotation: await findLatestRotation(db),
    };
  }

  /**
   * Puts a new random key first in the key file (the old ones kept, so sealed rows still open), makes
   * the keyring seal with it, records the rotation and starts re-sealing in the background.
   */
  async rotate(actor: Actor): Promise<KeyRotation> {
    authorize(actor, 'jurisdiction.manage');
    const file = this.requireKeyFile();
    if (await findUnfinishedRotation(this.deps.db)) {
      throw new SosError('KEY_ROTATION_RUNNING', 'A key rotation is still re-sealing: wait until it is done');
    }
    const fresh = randomBytes(32);
    const keys = [fresh, ...readKeyFile(file)];
    writeKeyFile(file, keys);
    this.deps.keyring.replaceKeys(keys);
    const rotation = await this.record(actor, 'keys.rotate');
    this.resealInBackground();
    return rotation;
  }

  /**
   * Starts re-sealing to the key already first (keys from the environment: after a restart with a new
   * key put first), unless a rotation to it is under way. Returns the rotation.
   */
  async startResealing(actor: Actor): Promise<KeyRotation> {
    authorize(actor, 'jurisdiction.manage');
    const unfinished = await findUnfinishedRotation(this.deps.db);
    if (unfinished?.newKeyId === this.deps.keyring.currentKeyId) return unfinished;
    return this.record(actor, 'keys.reseal');
  }

  /** Re-seals what the unfinished rotation has left, now; resolves when none is left. */
  async resealNow(onProgress?: (rotation: KeyRotation) => void): Promise<KeyRotation | null> {
    while (this.running) await this.running;
    this.running = this.resealPending(onProgress).finally(() => {
      this.running = null;
    });
    await this.running;
    return findLatestRotation(this.deps.db);
  }

  /** Waits for the background re-sealing started here, if any (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Removes a key from the key file, only when it is not the current key and no row is sealed with it.
   * Remembered-device cookies and cached geocoder answers keyed under it stop matching: they are made
   * again as needed.
   */
  async retire(actor: Actor, keyId: string): Promise<void> {
    authorize(actor, 'jurisdiction.manage');
    const file = this.requireKeyFile();
    const { keyring, db } = this.deps;
    const keys = readKeyFile(file);
    if (!keys.some((k) => Keyring.idOf(k) === keyId)) {
      throw new SosError('KEY_NOT_FOUND', `The key file ${file} holds no key ${keyId}`);
    }
    if (keyId === keyring.currentKeyId) {
      throw new SosError('KEY_STILL_IN_USE', `Key ${keyId} is the current key: rotate to a new one first`);
    }
    const sealed: string[] = [];
    for (const store of this.deps.stores) {
      const n = (await store.countByKey(db))[keyId] ?? 0;
      if (n > 0) sealed.push(`${n} ${store.name}`);
    }
    if (sealed.length > 0) {
      throw new SosError(
        'KEY_STILL_IN_USE',
        `Key ${keyId} still seals ${sealed.join(', ')}: wait for the re-sealing (sos keys status) or run sos keys reseal`,
      );
    }
    const kept = keys.filter((k) => Keyring.idOf(k) !== keyId);
    writeKeyFile(file, kept);
    keyring.replaceKeys(kept);
    await db.transaction((tx) => this.audit(tx, actor, 'keys.retire', { keyId }));
  }

  /** Re-seals in the background (the web page's rotation); a failure is left for the job to resume. */
  resealInBackground(
    onError: (error: unknown) => void = (error) => console.error('key re-sealing failed:', error),
  ): void {
    void this.resealNow().catch(onError);
  }

  private requireKeyFile(): string {
    if (this.deps.keyFile === null) {
      throw new SosError(
        'KEY_ROTATION_ENV_KEYS',
        'The keys come from SOS_ENCRYPTION_KEYS: put a new key first there (keep the old ones after it), restart every server, then run sos keys reseal',
      );
    }
    return this.deps.keyFile;
  }

  /** Records a rotation to the current key with the rows it has to re-seal, audited. */
  private async record(actor: Actor, action: string): Promise<KeyRotation> {
    const { db, clock, keyring } = this.deps;
    let sealedTotal = 0;
    for (const store of this.deps.stores) {
      for (const [keyId, n] of Object.entries(await store.countByKey(db))) {
        if (keyId !== keyring.currentKeyId) sealedTotal += n;
      }
    }
    const now = clock.now();
    const rotation: KeyRotation = {
      id: newId(),
      newKeyId: keyring.currentKeyId,
      startedAt: now,
      finishedAt: null,
      sealedTotal,
      done: 0,
    };
    await db.transaction(async (tx) => {
      // A rotation to an older key that had not finished ends here: the new one re-seals its rows too.
      await finishRotations(tx, now);
      await insertKeyRotation(tx, rotation);
      await this.audit(tx, actor, action, { keyId: rotation.newKeyId, sealedTotal });
    });
    return rotation;
  }

  private async resealPending(onProgress?: (rotation: KeyRotation) => void): Promise<void> {
    const { db, keyring, clock } = this.deps;
    const rotation = await findUnfinishedRotation(db);
    if (!rotation) return;
    // Another process may have rotated the key file (sos keys rotate beside a running server): read it again.
    if (rotation.newKeyId !== keyring.currentKeyId && this.deps.keyFile) {
      keyring.replaceKeys(readKeyFile(this.deps.keyFile));
    }
    // A server that does not hold the rotation's key must not re-seal: it would seal back to an older key.
    if (rotation.newKeyId !== keyring.currentKeyId) return;
    for (const store of this.deps.stores) {
      for (;;) {
        const resealed = await db.transaction(async (tx) => {
          const n = await store.resealBatch(tx, keyring, clock.now(), RESEAL_BATCH);
          if (n > 0) await addRotationDone(tx, rotation.id, n);
          return n;
        });
        if (resealed === 0) break;
        rotation.done += resealed;
        onProgress?.(rotation);
      }
    }
    await finishRotations(db, clock.now());
  }

  /** One audit entry in the acting user's jurisdiction, or in every jurisdiction for the command line. */
  private async audit(tx: Queryable, actor: Actor, action: string, details: Record<string, unknown>) {
    const jurisdictionIds =
      actor.kind === 'user' ? [actor.jurisdictionId] : (await listJurisdictions(tx)).map((j) => j.id);
    for (const jurisdictionId of jurisdictionIds) {
      await recordAuditEntries(tx, jurisdictionId, this.deps.clock.now(), [
        {
          ...auditActor(actor),
          action,
          subjectType: 'encryption_keys',
          subjectId: null,
          purpose: 'key rotation',
          details,
        },
      ]);
    }
  }
}
