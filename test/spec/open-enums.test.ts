// Response value lists are open: no `enum` anywhere a response schema reaches (a server that adds
// a value must not break consumers that validate answers or generate clients), each open list is
// an `x-extensible-enum` whose generated TypeScript type still names every known value, and the
// request parameters keep their closed `enum`s.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_IDS, ROOT, loadDerefBundle } from '../support/apis.js';
import { listOperation } from '../support/schema.js';

/** Every schema node under `node`, with its JSON pointer. */
function* walk(node: any, pointer: string): Generator<[string, any]> {
  if (node === null || typeof node !== 'object') return;
  if (!Array.isArray(node) && ('type' in node || 'enum' in node || 'x-extensible-enum' in node)) yield [pointer, node];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    yield* walk(value, `${pointer}/${key}`);
  }
}

describe.each(API_IDS)('%s value lists', (api) => {
  const op = listOperation(loadDerefBundle(api));
  const responseNodes = [...walk(op.responses, '/responses')];
  const types = readFileSync(`${ROOT}generated/types/${api}.ts`, 'utf8');

  it('no response schema has a closed enum', () => {
    expect(responseNodes.length).toBeGreaterThan(10);
    expect(responseNodes.filter(([, n]) => 'enum' in n).map(([p]) => p)).toEqual([]);
  });

  it('every open list is typed as its known values plus (string & {}) or (number & {})', () => {
    const open = responseNodes.filter(([, n]) => Array.isArray(n['x-extensible-enum']));
    expect(open.length).toBeGreaterThan(0);
    for (const [pointer, node] of open) {
      const literals = node['x-extensible-enum'].map((v: unknown) => JSON.stringify(v)).join(' | ');
      const rest = node.type === 'string' ? '(string & {})' : '(number & {})';
      expect(types, pointer).toContain(`${literals} | ${rest}`);
    }
  });

  it('request parameters with a value list keep it closed', () => {
    const lists = (op.parameters ?? []).filter((p: any) => p.schema?.enum || p.schema?.items?.enum || p.schema?.['x-extensible-enum']);
    expect(lists.length).toBeGreaterThan(0);
    for (const p of lists) expect(p.schema['x-extensible-enum'], p.name).toBeUndefined();
  });
});
