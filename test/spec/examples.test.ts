// Every named example in every bundle validates against the schema of the response it belongs
// to, and every example payload from the seed documents validates against the 200 schema — with
// Ajv, not only the linter. The seed payloads are kept as independent fixtures (test/fixtures/),
// so a transcription slip in openapi/*/examples/ shows up as a mismatch.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_IDS, ROOT, loadBundle } from '../support/apis.js';
import { listOperation, resolvePointer, responseSchema, validateAgainst } from '../support/schema.js';

function namedExamples(api: string) {
  const bundle = loadBundle(api);
  const op = listOperation(bundle);
  return Object.entries<any>(op.responses).flatMap(([status, response]) => {
    const resolved = response.$ref ? resolvePointer(bundle, response.$ref) : response;
    const examples = resolved.content?.['application/json']?.examples ?? {};
    return Object.entries<any>(examples).map(([name, example]) => ({
      status,
      name,
      value: (example.$ref ? resolvePointer(bundle, example.$ref) : example).value,
    }));
  });
}

function seedFixtures(api: string) {
  const dir = `${ROOT}test/fixtures/seed-examples/${api}`;
  return readdirSync(dir).map((file) => ({ file, value: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) }));
}

describe.each(API_IDS)('%s examples', (api) => {
  const examples = namedExamples(api);
  const statuses = Object.keys(listOperation(loadBundle(api)).responses);

  it('has a seed example and an empty page among its 200 examples', () => {
    const ok = examples.filter((e) => e.status === '200').map((e) => e.name);
    expect(ok).toContain('empty_page');
    expect(ok.length).toBeGreaterThanOrEqual(2);
  });

  it('has a named example for every documented error status', () => {
    for (const status of statuses.filter((s) => s !== '200')) {
      expect(examples.some((e) => e.status === status), `no example for ${status}`).toBe(true);
    }
  });

  it.each(examples.map((e) => [`${e.status} ${e.name}`, e] as const))('%s validates against its schema', (_, example) => {
    const check = validateAgainst(api, responseSchema(api, example.status), example.value);
    expect(check.errors).toEqual([]);
  });

  it.each(seedFixtures(api).map((f) => [f.file, f] as const))('seed payload %s validates against the 200 schema', (_, fixture) => {
    const check = validateAgainst(api, responseSchema(api, '200'), fixture.value);
    expect(check.errors).toEqual([]);
  });

  it.each(seedFixtures(api).map((f) => [f.file, f] as const))('seed payload %s is served as a named example', (_, fixture) => {
    const served = examples.filter((e) => e.status === '200').map((e) => e.value);
    expect(served).toContainEqual(fixture.value);
  });
});
