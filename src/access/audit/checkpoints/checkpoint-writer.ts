import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../../platform/database.js';
import type { Actor } from '../../roles.js';
import type { SignedCheckpoint } from './audit-checkpoint.js';
import { appendCheckpoints, signChainHeads } from './audit-checkpoint-service.js';

/** POSTs a JSON body and answers the receiver's status (the webhook client, with its address rules). */
export type PostJson = (url: string, body: string) => Promise<number>;

/** Checkpoints waiting for the endpoint, at most: the oldest are dropped past it (the file keeps them). */
const MOST_PENDING = 1000;

/**
 * Writes signed checkpoints of every chain head: appended to the file and/or POSTed to the endpoint.
 * A checkpoint the endpoint did not take (refused address, error, non-2xx answer) waits and is sent
 * again, oldest first, with the next run; the run then fails so the job runner reports it.
 */
export class CheckpointWriter {
  private pending: SignedCheckpoint[] = [];

  constructor(
    private readonly deps: {
      db: Queryable;
      actor: Actor;
      privateKey: () => KeyObject;
      file: string | null;
      url: string | null;
      post: PostJson;
    },
  ) {}

  /** Checkpoints not yet taken by the endpoint. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Signs and writes one checkpoint per chain head now; answers the checkpoints made. */
  async runOnce(now: Date): Promise<SignedCheckpoint[]> {
    const made = await signChainHeads(this.deps.db, this.deps.actor, this.deps.privateKey(), now);
    if (this.deps.file) appendCheckpoints(this.deps.file, made);
    if (!this.deps.url) return made;
    this.pending = [...this.pending, ...made].slice(-MOST_PENDING);
    const url = this.deps.url;
    while (this.pending.length > 0) {
      const next = this.pending[0] as SignedCheckpoint;
      let failure: string | null = null;
      try {
        const status = await this.deps.post(url, JSON.stringify(next));
        if (status < 200 || status > 299) failure = `answered ${status}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (failure) {
        throw new Error(
          `audit checkpoint endpoint ${new URL(url).host}: ${failure}; ${this.pending.length} checkpoint(s) wait for the next run`,
        );
      }
      this.pending.shift();
    }
    return made;
  }
}
