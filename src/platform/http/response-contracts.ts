import fastJson from 'fast-json-stringify';
import type { FastifyInstance, FastifySerializerCompiler, RouteOptions } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ErrorCode, errorCatalog } from '../errors.js';
import type { ErrorBody } from './error-handler.js';
import { errorCodesOf, errorSchemaFor } from './error-response.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type ResponseSchemas = Record<string, unknown>;

/** An operation of the API: a route under /api/ that the OpenAPI document shows. */
function isApiOperation(route: RouteOptions): boolean {
  return route.url.startsWith('/api/') && !route.schema?.hide;
}

function methodsOf(route: RouteOptions): string[] {
  return [route.method].flat().map(String);
}

/**
 * The catalog errors the platform's hooks may answer on a route whatever its handler does: a request
 * not valid or holding a NUL, an unexpected failure, a wrong API key (unless the route answers
 * everyone alike), and on changes a cross-site request or a body over the limit.
 */
export function platformErrorCodes(route: RouteOptions): ErrorCode[] {
  const codes: ErrorCode[] = ['VALIDATION_FAILED', 'NUL_CHARACTER', 'INTERNAL'];
  if (!route.config?.answersEveryoneAlike) codes.push('UNAUTHENTICATED');
  if (methodsOf(route).some((method) => STATE_CHANGING.has(method))) {
    codes.push('CROSS_SITE_REQUEST', 'BODY_TOO_LARGE');
  }
  return codes;
}

/** Whether the schemas cover a status, as fastify picks them: the status itself, `4xx`, or `default`. */
export function declaresStatus(schemas: ResponseSchemas, status: number | string): boolean {
  const code = String(status);
  return code in schemas || `${code[0]}xx` in schemas || 'default' in schemas;
}

/** Adds a catalog code to the error schema of its status, unless the route declared that status itself. */
function addErrorCode(schemas: ResponseSchemas, code: ErrorCode): void {
  const status = String(errorCatalog[code].status);
  if (!declaresStatus(schemas, status)) {
    schemas[status] = errorSchemaFor([code]);
    return;
  }
  const codes = errorCodesOf(schemas[status]);
  if (codes && !codes.includes(code)) schemas[status] = errorSchemaFor([...codes, code]);
}

/**
 * Writes answers from the JSON Schema of their zod schema with fast-json-stringify (fastify's own
 * serializer): only declared fields leave, as with the zod check, but nothing is validated, which cost
 * the dashboard's aggregate answers about 40% more server CPU per request. A schema JSON Schema cannot
 * express falls back to the zod serializer.
 */
const fastSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  if (route.schema instanceof z.ZodType) {
    try {
      return fastJson(z.toJSONSchema(route.schema, { io: 'output', target: 'draft-7' }) as object);
    } catch {
      // unrepresentable in JSON Schema (a transform, a date): checked and written by zod instead
    }
  }
  return serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
};

/**
 * Holds every API route to its declared answers, so the OpenAPI document says what leaves: answers
 * are serialized from their zod schema (undeclared fields dropped) and, when `checkAnswers` (tests,
 * `SOS_CHECK_RESPONSES=1`), validated by it first, a mismatch a 500; a route
 * under /api/ without a success (2xx) or redirect (3xx) response schema is refused when it is registered; the
 * platform's own errors are added to each route's schemas; and an answer whose status the route did
 * not declare becomes a 500 INTERNAL with the route and status in the log (the zod serializer already
 * turns a body that does not match its schema into one).
 */
export function registerResponseContracts(app: FastifyInstance, options: { checkAnswers: boolean }): void {
  app.setSerializerCompiler(options.checkAnswers ? serializerCompiler : fastSerializerCompiler);
  app.addHook('onRoute', (route) => {
    if (!isApiOperation(route)) return;
    const schemas = route.schema?.response as ResponseSchemas | undefined;
    if (
      !schemas ||
      !Object.keys(schemas).some((status) => status.startsWith('2') || status.startsWith('3'))
    ) {
      throw new Error(
        `${methodsOf(route).join(',')} ${route.url} declares no response schema for its success answer: ` +
          "give schema.response a 2xx (or 3xx redirect) entry (a zod schema, the presenter's output, or a content type)",
      );
    }
    for (const code of platformErrorCodes(route)) addErrorCode(schemas, code);
  });
  // Answered here rather than thrown: an error answer that fails this check has used the error
  // handler already, and fastify would fall back to its own default shape.
  app.addHook('onSend', async (request, reply, payload) => {
    const schemas = request.routeOptions.schema?.response as ResponseSchemas | undefined;
    if (!schemas || declaresStatus(schemas, reply.statusCode)) return payload;
    request.log.error(
      `${request.method} ${request.routeOptions.url} answered ${reply.statusCode}, a status its response schemas do not declare`,
    );
    const body: ErrorBody = { error: { code: 'INTERNAL', message: errorCatalog.INTERNAL.message } };
    reply
      .code(errorCatalog.INTERNAL.status)
      .type('application/json; charset=utf-8')
      .removeHeader('content-length');
    return JSON.stringify(body);
  });
}
