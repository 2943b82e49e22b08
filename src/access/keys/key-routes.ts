import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { keyRotationSchema, keyStatusSchema, presentKeyRotation, presentKeyStatus } from './key-presenter.js';
import type { KeyRotationService } from './key-rotation-service.js';

const tags = ['security'];

/** The security page's encryption keys: status and rotation (administrators, jurisdiction.manage). */
export function registerKeyRoutes(app: FastifyInstance, keys: KeyRotationService): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/security/keys',
    {
      schema: {
        tags,
        summary:
          'The current encryption key, rows sealed per key id, and the latest rotation with its progress',
        response: { 200: keyStatusSchema, ...errorResponses },
      },
    },
    async (request) => presentKeyStatus(await keys.status(request.actor)),
  );
  typed.post(
    '/api/v1/admin/security/keys/rotate',
    {
      schema: {
        tags,
        summary:
          'Put a new encryption key first in the key file and re-seal every sealed row in the background (key-file mode only); audited',
        response: { 202: keyRotationSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(presentKeyRotation(await keys.rotate(request.actor))),
  );
}
