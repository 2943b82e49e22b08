import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import type { LiveFeed } from './live-feed.js';
import { type LiveEvent, liveEventSchema, openLiveStream } from './live-service.js';

/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/** GET /api/v1/live: server-sent events of new and changed overdoses, presented for the reader's tier. */
export function registerLiveRoutes(
  app: FastifyInstance,
  deps: { db: Database; clock: Clock },
  feed: LiveFeed,
): void {
  const open = new Set<() => void>();
  // Streams never end on their own: close them when the server closes, or it would wait for them.
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });
  app.get(
    '/api/v1/live',
    {
      schema: {
        tags: ['surveillance'],
        summary:
          'Live updates as server-sent events: "overdoses" (points for analysts, cell counts for partners) and "refresh"',
        response: {
          200: fileResponse(
            'A stream of server-sent events, each an `event:` line and a `data:` line of JSON; the schema is one event',
            ['text/event-stream'],
            liveEventSchema,
          ),
          ...errorResponses,
        },
      },
    },
    (request, reply) => {
      const write = (event: LiveEvent) => {
        reply.raw.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
      };
      const unsubscribe = openLiveStream({ db: deps.db, audit: deps }, feed, request.actor, write);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(': connected\n\n');
      const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(close);
        if (!reply.raw.writableEnded) reply.raw.end();
      };
      open.add(close);
      request.raw.on('close', close);
    },
  );
}
