import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import type { LiveFeed } from './live-feed.js';
import { type LiveEvent, liveEventSchema, openLiveStream, type StreamStart } from './live-service.js';
import { LiveTail } from './live-tail.js';

/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/** A position in the live log, as a client sends it back. */
const POSITION = /^\d{1,15}$/;

/** Where a reconnecting client stopped: its Last-Event-ID header (browsers) or `?lastEventId=`. */
function streamStart(header: string | string[] | undefined, query: string | undefined): StreamStart {
  const given = query ?? (Array.isArray(header) ? header[0] : header);
  if (given === undefined || given === '') return null;
  if (!POSITION.test(given)) {
    throw new SosError('VALIDATION_FAILED', 'Last-Event-ID must be an id this stream sent (a whole number)', {
      field: query === undefined ? 'Last-Event-ID' : 'lastEventId',
    });
  }
  return Number(given);
}

/**
 * GET /api/v1/live: server-sent events of new and changed overdoses, presented for the reader's tier.
 * Each event's `id:` is its position in the jurisdiction's live log, so a client that reconnects (to
 * this server or another) with Last-Event-ID receives what it missed, once and in order.
 */
export function registerLiveRoutes(
  app: FastifyInstance,
  deps: { db: Database; readDb?: Database; clock: Clock },
  feed: LiveFeed,
): void {
  // The log and its overdoses are read where dashboards read their figures (a replica, when there is
  // one), so that no event reaches a stream before the figures it prompts a dashboard to re-read.
  const reads = deps.readDb ?? deps.db;
  const tail = new LiveTail(reads, feed);
  const open = new Set<() => void>();
  // Streams never end on their own: close them when the server closes, or it would wait for them.
  app.addHook('preClose', async () => {
    tail.close();
    for (const close of [...open]) close();
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/live',
    {
      schema: {
        tags: ['surveillance'],
        summary:
          'Live updates as server-sent events: "overdoses" (points for analysts, cell counts for partners) and "refresh"; each has an id to resume from with Last-Event-ID',
        querystring: z.object({
          lastEventId: z
            .string()
            .optional()
            .describe(
              'Resume after this event id (as the Last-Event-ID header does, which takes second place)',
            ),
        }),
        response: {
          200: fileResponse(
            'A stream of server-sent events, each an `event:` line, an `id:` line and a `data:` line of JSON; the schema is one event',
            ['text/event-stream'],
            liveEventSchema,
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const start = streamStart(request.headers['last-event-id'], request.query.lastEventId);
      let started = false;
      const begin = () => {
        if (started) return;
        started = true;
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
      };
      const write = (event: LiveEvent, position: number) => {
        begin();
        // The event line first, as readers written before ids came expect; the order is free in SSE.
        reply.raw.write(`event: ${event.event}\nid: ${position}\ndata: ${JSON.stringify(event.data)}\n\n`);
      };
      const stream = await openLiveStream({ db: reads, audit: deps }, tail, request.actor, start, write);
      reply.hijack();
      begin();
      // An id alone moves the client's Last-Event-ID without an event: one that reconnects before
      // any change still resumes from here.
      reply.raw.write(`: connected\nid: ${stream.position}\n\n`);
      const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        stream.close();
        open.delete(close);
        if (!reply.raw.writableEnded) reply.raw.end();
      };
      open.add(close);
      request.raw.on('close', close);
    },
  );
}
