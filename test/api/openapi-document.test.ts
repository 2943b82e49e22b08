import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/main/app.js';
import { openTestContext } from '../support/test-databases.js';

/**
 * Flipped by the lead when every module's routes declare their response schemas (surveillance and
 * publications are done on another branch of issue 13): the checks below then cover every operation.
 */
const ALL_MODULES_DONE = false;

/** The operations of access, intake, alerts and the platform (health). */
function isOwnOperation(path: string): boolean {
  return (
    path === '/api/v1/reports' ||
    path === '/api/v1/me' ||
    path === '/api/v1/health' ||
    path.startsWith('/api/v1/auth/') ||
    path.startsWith('/api/v1/alert')
  );
}

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
  if (successes.length === 0) problems.push(`${name}: no 2xx response`);
  for (const [status, response] of successes) {
    const content = Object.entries(response.content ?? {});
    // A success without a body (204) says so by having no content; one with a body names its type.
    if (status !== '204' && content.length === 0) problems.push(`${name} ${status}: no content`);
    for (const [type, media] of content) {
      if (type.includes('json') && !media.schema?.properties && !media.schema?.anyOf && !media.schema?.oneOf)
        problems.push(`${name} ${status}: ${type} without an object schema`);
    }
  }
  for (const status of ['400', '500']) {
    const schema = operation.responses[status]?.content?.['application/json']?.schema;
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
    const own = operations.filter((operation) => isOwnOperation(operation.path));
    assert.equal(own.length, 14, own.map((o) => `${o.method} ${o.path}`).join(', '));
    assert.deepEqual(own.flatMap(responseProblems), []);
    if (ALL_MODULES_DONE) assert.deepEqual(operations.flatMap(responseProblems), []);
  });

  it('names every field that leaves in snake_case', () => {
    const checked = ALL_MODULES_DONE ? operations : operations.filter((o) => isOwnOperation(o.path));
    const names = checked.flatMap((operation) =>
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
