import { z } from 'zod';

/**
 * A non-JSON answer (CSV, PDF, HTML, GeoJSON, server-sent events) as an OpenAPI response: its content
 * types and what it holds. The handler sends the bytes itself, so no serializer ever sees the schema.
 */
export function fileResponse(description: string, contentTypes: readonly string[], schema?: z.ZodType) {
  const body = schema ?? z.string().meta({ format: 'binary' });
  return {
    description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema: body }])),
  };
}

/**
 * An answer without a body (204). The JSON Schema type "null" is what tells the OpenAPI document to
 * give it no content; zod alone would describe a body holding null.
 */
export function emptyResponse(description: string) {
  return z.null().meta({ type: 'null', description });
}
