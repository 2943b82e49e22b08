import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorCatalog, SosError } from '../errors.js';
import type { errorResponseSchema } from './error-response.js';

/** The JSON body of every error answer, as its OpenAPI schema declares it. */
export type ErrorBody = z.infer<typeof errorResponseSchema>;

/** Maps any error to a catalog code and answers with it; unexpected errors are logged, not shown. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  let body: ErrorBody;
  if (error instanceof SosError) {
    body = { error: { code: error.code, message: error.message, details: error.details } };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(body)',
      message: v.message,
    }));
    body = { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details } };
  } else if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    body = { error: { code: 'BODY_TOO_LARGE', message: errorCatalog.BODY_TOO_LARGE.message } };
  } else if ((error as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    body = { error: { code: 'VALIDATION_FAILED', message: 'Send the body as application/json' } };
  } else if ((error as FastifyError).statusCode === 400) {
    body = { error: { code: 'VALIDATION_FAILED', message: `The request is not valid: ${error.message}` } };
  } else {
    request.log.error(error);
    body = { error: { code: 'INTERNAL', message: errorCatalog.INTERNAL.message } };
  }
  reply.status(errorCatalog[body.error.code].status).send(body);
}
