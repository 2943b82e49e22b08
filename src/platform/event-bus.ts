import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';

/** Where an event was published: in this process, or in another one sharing the database. */
export type EventOrigin = 'here' | 'elsewhere';

/** Something listening to one topic's events. */
export type EventListener<E> = (event: E, origin: EventOrigin) => void;

/** How one topic's events travel between processes: shrunk to a message and checked on arrival. */
export interface EventWire<E> {
  /** The message sent for an event; it must stay under PostgreSQL's 8,000-byte NOTIFY payload. */
  encode(event: E): unknown;
  /** The event a message from another process stands for, or null when it is not one. */
  decode(message: unknown): E | null;
}

/**
 * A typed, in-process publish/subscribe: listeners are called on a later tick, so a publisher never
 * waits for them, and one that throws does not stop the others. Delivery is best effort: an event
 * published while nobody listens is gone (what must not be lost goes through the outbox instead).
 * On PostgreSQL, the topics given a wire also travel to and from the other processes on the same
 * database through LISTEN/NOTIFY on one channel.
 */
export class EventBus<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<EventListener<never>>>();
  private readonly origin = randomUUID();
  private send: ((payload: string) => void) | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private readonly sending = new Set<Promise<unknown>>();

  constructor(
    private readonly channel: string,
    private readonly wires: { [K in keyof Events]?: EventWire<Events[K]> } = {},
  ) {}

  /** Joins the other processes of the database, when the engine has any (PostgreSQL). */
  async connect(db: Database): Promise<void> {
    if (!db.listen) return;
    this.stopListening = await db.listen(this.channel, (payload) => this.receive(payload));
    this.send = (payload) => {
      const sent = db.query('select pg_notify($1, $2)', [this.channel, payload]).catch(() => {});
      this.sending.add(sent);
      sent.finally(() => this.sending.delete(sent));
    };
  }

  /** Leaves the other processes (before the database closes), once every message has gone out. */
  async disconnect(): Promise<void> {
    this.send = null;
    await Promise.all(this.sending);
    await this.stopListening?.();
    this.stopListening = null;
  }

  /** Starts listening to a topic; returns the function that stops it. */
  subscribe<K extends keyof Events>(topic: K, listener: EventListener<Events[K]>): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener as EventListener<never>);
    return () => {
      set.delete(listener as EventListener<never>);
    };
  }

  /** Tells this process's listeners, and the other processes when the topic has a wire. */
  publish<K extends keyof Events>(topic: K, event: Events[K]): void {
    this.dispatch(topic, event, 'here');
    const wire = this.wires[topic];
    if (!this.send || !wire) return;
    this.send(JSON.stringify({ origin: this.origin, topic, message: wire.encode(event) }));
  }

  private receive(payload: string): void {
    let parsed: { origin?: unknown; topic?: unknown; message?: unknown };
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    if (parsed.origin === this.origin || typeof parsed.topic !== 'string') return;
    const topic = parsed.topic as keyof Events;
    const event = this.wires[topic]?.decode(parsed.message);
    if (event != null) this.dispatch(topic, event, 'elsewhere');
  }

  private dispatch<K extends keyof Events>(topic: K, event: Events[K], origin: EventOrigin): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      setImmediate(() => {
        try {
          (listener as EventListener<Events[K]>)(event, origin);
        } catch {
          // A listener's failure is its own: the others still hear the event.
        }
      });
    }
  }
}
