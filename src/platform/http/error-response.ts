import { z } from 'zod';
import { type ErrorCode, errorCatalog } from '../errors.js';

const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** The JSON body of every error answer (see error-handler.ts): a stable code, a message for people, and details. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).describe('A stable code of the error catalog; clients may switch on it'),
      message: z.string().describe('What went wrong, for people'),
      details: z.unknown().optional().describe('Which field or row, when the error is about one'),
    }),
  })
  .describe('An error');

/** The error answers every operation declares beside its success answer. */
export const errorResponses = { '4xx': errorResponseSchema, '5xx': errorResponseSchema } as const;

// The codes each error schema below stands for, so the platform can add its own to a status a route declared.
const codesBySchema = new WeakMap<z.ZodType, readonly ErrorCode[]>();

/** The error schema of one status, described by the catalog codes it may carry. */
export function errorSchemaFor(codes: readonly ErrorCode[]): z.ZodType {
  const unique = [...new Set(codes)];
  const schema = errorResponseSchema.describe(`Error: ${unique.join(', ')}`);
  codesBySchema.set(schema, unique);
  return schema;
}

/** The codes an error schema made by `errorSchemaFor` stands for; undefined for any other schema. */
export function errorCodesOf(schema: unknown): readonly ErrorCode[] | undefined {
  return schema instanceof z.ZodType ? codesBySchema.get(schema) : undefined;
}

/**
 * The error answers a route declares status by status, by catalog code, beyond the platform's own
 * (see `response-contracts.ts`): each code's status gets the shared error schema, described by its
 * codes. (`errorResponses` above declares every 4xx and 5xx at once instead.)
 */
export function errorAnswers(...codes: ErrorCode[]): Record<number, z.ZodType> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorCatalog[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, errorSchemaFor(list)]));
}
