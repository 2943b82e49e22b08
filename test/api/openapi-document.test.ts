import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/main/app.js';
import { openTestContext } from '../support/test-databases.js';

interface SchemaObject {
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  additionalProperties?: SchemaObject | boolean;
}
interface ResponseObject {
  description: string;
  content?: Record<string, { schema?: SchemaObject }>;
}
interface Operation {
  method: string;
  path: string;
  responses: Record<string, ResponseObject>;
}

/** Whether a JSON schema describes the error catalog's answer: `{ error: { code, message } }`. */
function isErrorSchema(schema: SchemaObject | undefined): boolean {
  const error = schema?.properties?.error;
  if (error?.properties?.code && error.properties.message) return true;
  return (schema?.anyOf ?? schema?.oneOf ?? []).some(isErrorSchema);
}

/** Every property name a schema declares, at any depth. */
function propertyNames(schema: SchemaObject | undefined): string[] {
  if (!schema) return [];
  const nested = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
  ];
  return [...Object.keys(schema.properties ?? {}), ...nested.flatMap(propertyNames)];
}

/** What is wrong with an operation's responses: a success without a schema or type, missing errors. */
function responseProblems(operation: Operation): string[] {
  const name = `${operation.method.toUpperCase()} ${operation.path}`;
  const problems: string[] = [];
  const entries = Object.entries(operation.responses);
  const successes = entries.filter(([status]) => status.startsWith('2'));
  // A sign-in step's success is a redirect (3xx, no body): the browser goes on to the next page.
  const redirects = entries.filter(([status]) => status.startsWith('3'));
  if (successes.length === 0 && redirects.length === 0) problems.push(`${name}: no 2xx or 3xx response`);
  for (const [status, response] of successes) {
    const content = Object.entries(response.content ?? {});
    // A success without a body (204) says so by having no content; one with a body names its type.
    if (status !== '204' && content.length === 0) problems.push(`${name} ${status}: no content`);
    for (const [type, media] of content) {
      // A JSON answer names its shape; a file (CSV, PDF, GeoJSON download) its content type.
      const schema = media.schema as Record<string, unknown> | undefined;
      const shaped = ['type', 'properties', 'items', 'anyOf', 'oneOf', 'allOf', '$ref'].some(
        (k) => schema?.[k],
      );
      if (type === 'application/json' && !shaped) problems.push(`${name} ${status}: JSON without a schema`);
    }
  }
  // Declared status by status (400, 500) or as a range (4XX, 5XX).
  for (const status of ['400', '500']) {
    const response = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
    const schema = response?.content?.['application/json']?.schema;
    if (!isErrorSchema(schema)) problems.push(`${name}: no error answer declared for ${status}`);
  }
  for (const [status, response] of entries.filter(([status]) => /^[45]/.test(status))) {
    if (!isErrorSchema(response.content?.['application/json']?.schema))
      problems.push(`${name} ${status}: not the error catalog's answer`);
  }
  return problems;
}

describe('the OpenAPI document', () => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let app: FastifyInstance;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { responses: Operation['responses'] }>>;
  };
  let operations: Operation[];

  before(async () => {
    context = await openTestContext('pglite');
    app = await buildApp(context);
    const answer = await app.inject({ url: '/api/docs/json' });
    assert.equal(answer.statusCode, 200);
    document = answer.json();
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method,
        path,
        responses: operation.responses,
      })),
    );
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('passes a standard OpenAPI validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(validator.version, '3.0');
  });

  it('declares, for every operation, its success schema or content type and its error answers', () => {
    assert.ok(operations.some((o) => o.method === 'post' && o.path === '/api/v1/reports'));
    assert.deepEqual(operations.flatMap(responseProblems), []);
  });

  it('names every field that leaves in snake_case', () => {
    // FHIR resources (issue 15) keep the standard's own element names (resourceType, authoredOn).
    const fhir = (path: string) => path.startsWith('/api/v1/fhir/') || path.endsWith('/fhir');
    const names = operations
      .filter((operation) => !fhir(operation.path))
      .flatMap((operation) =>
        Object.values(operation.responses).flatMap((response) =>
          Object.values(response.content ?? {}).flatMap((media) =>
            propertyNames(media.schema).map((name) => `${operation.method} ${operation.path}: ${name}`),
          ),
        ),
      );
    for (const known of ['post /api/v1/alert-rules: source_types', 'get /api/v1/me: jurisdiction_id']) {
      assert.ok(names.includes(known), known);
    }
    assert.deepEqual(
      names.filter((entry) => !/: [a-z][a-z0-9_]*$/.test(entry)),
      [],
    );
  });
});
