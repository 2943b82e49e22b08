import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { outreachServices } from '../outreach/outreach-vocabulary.js';
import { errorResponses } from '../platform/http/error-response.js';
import {
  changeDirectoryService,
  createDirectoryService,
  type DirectoryDependencies,
  readDirectoryService,
  updateCapacity,
} from './directory-edits.js';
import { directoryServiceSchema } from './directory-service-presenter.js';
import { capacityStatuses, insuranceKinds, moudMedications } from './directory-vocabulary.js';

/** The outreach fields beyond HSDS an edit may set. */
const detailsBody = {
  needs: z.array(z.enum(outreachServices)).max(outreachServices.length),
  moud: z.array(z.enum(moudMedications)).max(moudMedications.length),
  same_day_intake: z.boolean(),
  walk_in_hours: z.string().trim().min(1).max(200).nullable(),
  insurance: z.array(z.enum(insuranceKinds)).max(insuranceKinds.length),
  cost: z.string().trim().min(1).max(500).nullable(),
  part2_program: z.boolean().describe('A 42 CFR Part 2 program: referrals to it need written consent'),
  provider_organization_id: z
    .uuid()
    .nullable()
    .describe("The jurisdiction's organization whose users answer the service's referrals"),
};

/** PATCH /directory/services/:serviceId. */
const changeBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    description: z.string().trim().max(20_000).nullable(),
    ...detailsBody,
  })
  .partial()
  .strict();

/** POST /directory/services. */
const createBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    organization_id: z.string().min(1).max(100).optional().describe('An HSDS organization of the directory'),
    organization_name: z.string().trim().min(1).max(300).optional().describe('A new HSDS organization'),
    description: z.string().trim().max(20_000).optional(),
    address: z
      .object({
        address_1: z.string().trim().min(1).max(300),
        address_2: z.string().trim().max(300).optional(),
        city: z.string().trim().min(1).max(200),
        state_province: z.string().trim().min(1).max(100),
        postal_code: z.string().trim().min(1).max(20),
        country: z.string().trim().length(2).optional().describe('ISO 3166-1 alpha-2; US when absent'),
      })
      .strict()
      .optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    phone: z.string().trim().min(1).max(50).optional(),
    ...z.object(detailsBody).partial().shape,
  })
  .strict()
  .refine((body) => (body.organization_id === undefined) !== (body.organization_name === undefined), {
    message: 'Name the organization: organization_id or organization_name, one of them',
    path: ['organization_id'],
  })
  .refine((body) => (body.latitude === undefined) === (body.longitude === undefined), {
    message: 'latitude and longitude are given together',
    path: ['latitude'],
  });

/** PUT /directory/services/:serviceId/capacity. */
const capacityBody = z
  .object({
    status: z.enum(capacityStatuses),
    waitlist_days: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .nullable()
      .optional()
      .describe('Only for status waitlist'),
  })
  .strict();

const serviceParams = z.object({ serviceId: z.string().min(1).max(100) }).strict();
const base = '/api/v1/directory/services';

/** The directory's edit API: one service read, added, changed, and its capacity updated. */
export function registerDirectoryRoutes(app: FastifyInstance, deps: DirectoryDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    `${base}/:serviceId`,
    {
      schema: {
        tags: ['directory'],
        summary: 'One service of the resource directory',
        params: serviceParams,
        response: { 200: directoryServiceSchema, ...errorResponses },
      },
    },
    async (request) => readDirectoryService(deps, request.actor, request.params.serviceId),
  );
  typed.post(
    base,
    {
      schema: {
        tags: ['directory'],
        summary: 'Add a service (curators): its organization, and optionally a location and a phone; audited',
        body: createBody,
        response: { 201: directoryServiceSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDirectoryService(deps, request.actor, request.body)),
  );
  typed.patch(
    `${base}/:serviceId`,
    {
      schema: {
        tags: ['directory'],
        summary: "Change a service's name, description or outreach fields (curators); audited",
        params: serviceParams,
        body: changeBody,
        response: { 200: directoryServiceSchema, ...errorResponses },
      },
    },
    async (request) => changeDirectoryService(deps, request.actor, request.params.serviceId, request.body),
  );
  typed.put(
    `${base}/:serviceId/capacity`,
    {
      schema: {
        tags: ['directory'],
        summary: "Set a service's capacity today (curators, or its provider organization); audited",
        params: serviceParams,
        body: capacityBody,
        response: { 200: directoryServiceSchema, ...errorResponses },
      },
    },
    async (request) => updateCapacity(deps, request.actor, request.params.serviceId, request.body),
  );
}
