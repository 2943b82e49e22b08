import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SosError } from '../errors.js';
import { handleError } from './error-handler.js';

/** Fastify's default: a path parameter longer than this never reaches a route. */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/**
 * Fastify's option `frameworkErrors`: the errors its router meets before any route or hook (a path
 * parameter past `maxParamLength`, a URL whose percent-encoding is malformed) answered from the catalog
 * like every other error, instead of Fastify's own JSON without a catalog code (the fuzz suite found it).
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  handleError(catalogErrorOf(error), request, reply);
}

function catalogErrorOf(error: FastifyError): Error {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new SosError(
      'VALIDATION_FAILED',
      `A path parameter is longer than ${MAX_PATH_PARAMETER_LENGTH} characters`,
      { in: 'path' },
    );
  if (error.code === 'FST_ERR_BAD_URL')
    return new SosError('VALIDATION_FAILED', 'The URL holds a malformed percent-encoding', { in: 'path' });
  return error;
}
