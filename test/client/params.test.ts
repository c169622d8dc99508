// The parameter tables the validator runs on (generated/params/<api>.ts) are what the generator
// makes from the committed bundles, and a schema keyword the validator cannot check stops the build.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queryTables, renderParams } from '../../scripts/lib/params.mjs';
import { API_IDS, ROOT, loadDerefBundle } from '../support/apis.js';

describe('generated/params', () => {
  it.each(API_IDS)('%s: the committed table matches its bundle', (api) => {
    const committed = readFileSync(`${ROOT}generated/params/${api}.ts`, 'utf8');
    expect(committed).toBe(renderParams(api, queryTables(loadDerefBundle(api), api)));
    expect(committed).toContain('"limit"');
  });

  it.each([
    ['multipleOf', { type: 'integer', multipleOf: 5 }],
    ['not', { not: { type: 'string' } }],
    ['format', { type: 'string', format: 'date-time' }],
  ])('a schema with %s is refused, naming the parameter and the keyword', (keyword, schema) => {
    const bundle = { paths: { '/x': { get: { parameters: [{ in: 'query', name: 'n', schema }] } } } };
    expect(() => queryTables(bundle, 'test')).toThrow(new RegExp(`query parameter 'n'.*${keyword}`));
  });
});
