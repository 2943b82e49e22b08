import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { outreachServices } from '../outreach/outreach-vocabulary.js';
import { errorResponses } from '../platform/http/error-response.js';
import { CatalogCache } from './catalog-cache.js';
import type { DirectoryQuery } from './directory-search.js';
import { type DirectorySearchDependencies, mapServices, searchServices } from './directory-search-service.js';
import { directoryServiceSchema } from './directory-service-presenter.js';
import { insuranceKinds } from './directory-vocabulary.js';
import { servicesMapSchema } from './services-map-presenter.js';

const DECIMAL = String.raw`-?\d{1,3}(?:\.\d+)?`;

/** `near=lat,lon` in decimal degrees. */
const nearSchema = z
  .string()
  .regex(new RegExp(`^\\s*${DECIMAL}\\s*,\\s*${DECIMAL}\\s*$`), 'a point as lat,lon in decimal degrees')
  .transform((text) => {
    const [latitude, longitude] = text.split(',').map(Number) as [number, number];
    return { latitude, longitude };
  })
  .refine((p) => Math.abs(p.latitude) <= 90 && Math.abs(p.longitude) <= 180, {
    message: 'latitude within ±90 and longitude within ±180',
  })
  .describe('Measure distances from this point (lat,lon) and order by distance');

/** The filters the list and the map share. */
const filtersSchema = z.object({
  need: z.enum(outreachServices).optional().describe('A need the service meets'),
  open_now: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe("Only services open now by their HSDS schedules, in the jurisdiction's time zone"),
  near: nearSchema.optional(),
  within_km: z.coerce
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe('Only services with a location this close to `near` (km)'),
  language: z.string().trim().min(1).max(100).optional().describe('A language, by name or code'),
  insurance: z.enum(insuranceKinds).optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Words to find in the name, description, organization or address'),
});

const searchQuerySchema = filtersSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});

const searchPageSchema = z.object({
  services: z.array(directoryServiceSchema),
  next_cursor: z.string().nullable(),
  total: z.number().int().describe('Services that meet every filter, across pages'),
});

/** The filters of a request in the search's own terms. */
function directoryQuery(query: z.infer<typeof filtersSchema>): DirectoryQuery {
  return {
    need: query.need,
    openNow: query.open_now,
    near: query.near,
    withinKm: query.within_km,
    language: query.language,
    insurance: query.insurance,
    q: query.q || undefined,
  };
}

/** Directory search and the services map, for every signed-in role but submitters. */
export function registerDirectorySearchRoutes(
  app: FastifyInstance,
  context: Omit<DirectorySearchDependencies, 'catalogs'>,
): void {
  const deps: DirectorySearchDependencies = { ...context, catalogs: new CatalogCache() };
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/directory/services',
    {
      schema: {
        tags: ['directory'],
        summary:
          'Search the resource directory by need, open now, distance, language, insurance and words; ordered by distance when `near` is given, else by name',
        querystring: searchQuerySchema,
        response: { 200: searchPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      searchServices(deps, request.actor, {
        ...directoryQuery(request.query),
        limit: request.query.limit,
        cursor: request.query.cursor,
      }),
  );
  typed.get(
    '/api/v1/directory/map',
    {
      schema: {
        tags: ['directory'],
        summary:
          'The located places of the services that meet the same filters as the search, as GeoJSON points (longitude, latitude)',
        querystring: filtersSchema,
        response: { 200: servicesMapSchema, ...errorResponses },
      },
    },
    async (request) => mapServices(deps, request.actor, directoryQuery(request.query)),
  );
}
