import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/main/app.js';
import type { AppContext } from '../src/main/app-context.js';
import { openTestContext } from './support/test-databases.js';

/** The tags of the surveillance and publications modules' operations. */
const TAGS = new Set(['surveillance', 'aggregates', 'public', 'publications']);

interface Operation {
  tags?: string[];
  deprecated?: boolean;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

describe('OpenAPI response schemas of surveillance and publications', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let operations: { name: string; operation: Operation }[];
  before(async () => {
    context = await openTestContext('pglite');
    app = await buildApp(context);
    const docs = (await app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.tags?.some((tag) => TAGS.has(tag)))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('declares a success answer with its content type and schema on every operation', () => {
    assert.ok(operations.length >= 30, `${operations.length} operations`);
    for (const { name, operation } of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      assert.equal(success.length, 1, `${name}: one success answer`);
      const [status, answer] = success[0] as [string, Operation['responses'][string]];
      if (status === '204') {
        assert.equal(answer.content, undefined, `${name}: no body`);
        continue;
      }
      const contents = Object.entries(answer.content ?? {});
      assert.ok(contents.length > 0, `${name}: the success answer's content types`);
      for (const [type, { schema }] of contents) {
        assert.ok(schema && Object.keys(schema).length > 0, `${name} ${type}: a schema`);
        if (type === 'application/json') {
          assert.ok(schema.type === 'object' || schema.type === 'array', `${name}: a JSON object or list`);
        }
      }
    }
  });

  it('declares the error answer, with the codes of the catalog, on every operation', () => {
    for (const { name, operation } of operations) {
      for (const status of ['4XX', '5XX']) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema as
          | { properties?: { error?: { properties?: { code?: { enum?: string[] }; message?: unknown } } } }
          | undefined;
        const error = schema?.properties?.error?.properties;
        assert.ok(error?.message, `${name} ${status}: the error's message`);
        assert.ok(error?.code?.enum?.includes('FORBIDDEN'), `${name} ${status}: the error codes`);
      }
    }
  });

  it('answers in one casing: no camelCase property in any response schema', () => {
    const camel: string[] = [];
    // A schema's `properties` names the fields; everything else in it may hold further schemas.
    const walk = (schema: unknown, where: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      for (const [key, value] of Object.entries(schema)) {
        if (key !== 'properties' || value === null || typeof value !== 'object') {
          walk(value, `${where}.${key}`);
          continue;
        }
        for (const [field, fieldSchema] of Object.entries(value)) {
          if (/[A-Z]/.test(field)) camel.push(`${where}.${field}`);
          walk(fieldSchema, `${where}.${field}`);
        }
      }
    };
    for (const { name, operation } of operations) walk(operation.responses, name);
    assert.deepEqual(camel, []);
  });
});
