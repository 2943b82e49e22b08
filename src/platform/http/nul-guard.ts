import type { FastifyInstance } from 'fastify';
import { SosError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The body's NUL characters are the route's to judge, record by record (a batch of reports
     * quarantines the one row that holds one); its path and query are still guarded here.
     */
    bodyNulJudgedPerRecord?: boolean;
  }
}

/** Where a NUL was found: which part of the request and the field's dotted path in it. */
export interface NulFinding {
  in: 'path' | 'query' | 'body';
  field: string;
  message: string;
}

const NUL = '\u0000';

/** The dotted paths of every string (and object key) holding a NUL in a parsed value. */
export function nulPaths(value: unknown, path = ''): string[] {
  const at = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (typeof value === 'string') return value.includes(NUL) ? [path === '' ? '(value)' : path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPaths(item, at(i)));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      key.includes(NUL) ? [at(key.replaceAll(NUL, '\\0'))] : nulPaths(item, at(key)),
    );
  }
  return [];
}

/**
 * Answers 422 NUL_CHARACTER, naming each field, for any request whose path parameters, query or
 * JSON body hold a NUL. PostgreSQL cannot store one in text, so without this a NUL reached SQL and
 * failed there as a 500; checked once here, before validation, it is refused on every route alike.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const findings: NulFinding[] = [];
    const add = (where: NulFinding['in'], paths: string[]) => {
      for (const field of paths) findings.push({ in: where, field, message: 'contains a NUL character' });
    };
    add('path', nulPaths(request.params));
    add('query', nulPaths(request.query));
    if (!request.routeOptions.config.bodyNulJudgedPerRecord) add('body', nulPaths(request.body));
    if (findings.length > 0) {
      const names = findings.map((f) => `${f.field} (${f.in})`).join(', ');
      throw new SosError('NUL_CHARACTER', `A NUL character is not allowed in ${names}`, findings);
    }
  });
}
