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
