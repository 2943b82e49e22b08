import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../platform/database.js';
import { readOverdosePage } from './overdose-service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** GET /api/v1/overdoses: line-level, de-identified overdoses for analysts (tier T2). */
export function registerSurveillanceRoutes(app: FastifyInstance, db: Queryable): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/overdoses',
    {
      schema: {
        tags: ['surveillance'],
        summary: 'Line-level de-identified overdoses (analysts only), newest first',
        querystring: z.object({
          from: isoDate.default('1990-01-01'),
          to: isoDate.default('2999-12-31'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional(),
        }),
      },
    },
    async (request) =>
      readOverdosePage(db, request.actor, { ...request.query, cursor: request.query.cursor ?? null }),
  );
}
