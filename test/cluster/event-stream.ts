/** A client of GET /api/v1/live as a browser's EventSource is: it keeps the last id and resumes with it. */

/** One server-sent event with the id in force when it arrived. */
export interface StreamEvent {
  id: string;
  event: string;
  data: unknown;
}

/** One connection of a live stream, read in the background. */
export interface StreamConnection {
  /** The backend haproxy sent it to (its X-SOS-Backend header). */
  backend: string;
  /** Resolves when the connection ends (its server died, or `close`). */
  ended: Promise<void>;
  close(): void;
}

/**
 * A live stream that reconnects like EventSource: every event goes to `events`; `lastId` follows the
 * `id:` lines (an id alone, without data, moves it too, as the HTML standard says).
 */
export class ResumingStream {
  readonly events: StreamEvent[] = [];
  lastId = '';
  connection: StreamConnection | null = null;
  readonly backends: string[] = [];

  constructor(
    private readonly url: string,
    private readonly cookie: string,
  ) {}

  /** Connects (again), sending Last-Event-ID once an id was seen; retries while no server answers. */
  async connect(deadline = Date.now() + 30_000): Promise<StreamConnection> {
    for (;;) {
      const abort = new AbortController();
      const headers: Record<string, string> = { cookie: this.cookie };
      if (this.lastId) headers['last-event-id'] = this.lastId;
      try {
        const response = await fetch(`${this.url}/api/v1/live`, { headers, signal: abort.signal });
        if (response.status === 200 && response.body) {
          const backend = response.headers.get('x-sos-backend') ?? '';
          this.backends.push(backend);
          const ended = this.read(response.body).catch(() => {});
          this.connection = { backend, ended, close: () => abort.abort() };
          return this.connection;
        }
        await response.body?.cancel();
        if (response.status < 500) throw new Error(`the live stream answered ${response.status}`);
      } catch (error) {
        if (error instanceof Error && /answered/.test(error.message)) throw error;
      }
      if (Date.now() > deadline) throw new Error('no server took the live stream within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        if (id !== undefined) this.lastId = id;
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) this.events.push({ id: this.lastId, event, data: JSON.parse(data) });
      }
    }
  }

  /** The overdose ids of the "overdoses" events received, in arrival order (repeats kept). */
  pointIds(): string[] {
    return this.events
      .filter((e) => e.event === 'overdoses')
      .flatMap((e) => ((e.data as { points?: { id: string }[] }).points ?? []).map((p) => p.id));
  }
}
