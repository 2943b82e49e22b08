import type { FastifyRequest } from 'fastify';
import { SosError } from '../errors.js';

/**
 * The answer to a request no route takes. Routes hidden from a role (outreach, from public safety)
 * answer exactly this too, so that the message does not tell a hidden route from a missing one.
 */
export function noRoute(request: FastifyRequest): SosError {
  return new SosError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
}
