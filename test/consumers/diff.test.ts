// The breaking-change gate (scripts/diff.mjs): every case of the version policy on a small fixture,
// what openapi-diff alone misses, the version check, the release snapshots and the changelog, and
// the gate itself run on the committed bundles against their last recorded release.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiDiff from 'openapi-diff';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { API_IDS, ROOT, loadBundle } from '../support/apis.js';
import { diffBundles } from '../../scripts/lib/diff/classify.mjs';
import { applyRelease, baseFromRelease, compareApi, planRelease } from '../../scripts/lib/diff/gate.mjs';
import { updateChangelog } from '../../scripts/lib/diff/changelog.mjs';
import { formatChanges } from '../../scripts/lib/diff/report.mjs';

type Op = { op: 'add' | 'replace' | 'remove' | 'move'; path: string; from?: string; value?: unknown };
type Case = { name: string; breaking: boolean; by: 'rule' | 'openapi-diff'; openapiDiffAlone: string; patch: Op[] };

const FIXTURES = join(ROOT, 'test/fixtures/diff');
const base = parse(readFileSync(join(FIXTURES, 'base.yaml'), 'utf8'));
const cases: Case[] = parse(readFileSync(join(FIXTURES, 'cases.yaml'), 'utf8'));

/** Applies JSON Patch operations (RFC 6902: add, replace, remove, move) to a copy of `doc`. */
function patched(doc: any, ops: Op[]): any {
  const copy = structuredClone(doc);
  const locate = (pointer: string) => {
    const keys = pointer.slice(1).split('/').map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop()!;
    const parent = keys.reduce((node, key) => node[key], copy);
    if (parent === undefined) throw new Error(`patch path ${pointer} does not exist in the fixture`);
    return { parent, last };
  };
  const put = (pointer: string, value: unknown) => {
    const { parent, last } = locate(pointer);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else parent[last] = value;
  };
  const take = (pointer: string) => {
    const { parent, last } = locate(pointer);
    if (!(last in parent)) throw new Error(`patch path ${pointer} does not exist in the fixture`);
    const value = parent[last];
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return value;
  };
  for (const op of ops) {
    if (op.op === 'add') put(op.path, op.value);
    else if (op.op === 'remove') take(op.path);
    else if (op.op === 'replace') { take(op.path); put(op.path, op.value); }
    else put(op.path, take(op.from!));
  }
  return copy;
}

/** Whether a JSON pointer names something in `doc`, following `$ref`s as the dereferenced bundle would. */
function resolves(doc: any, pointer: string): boolean {
  const follow = (node: any): any => (node?.$ref ? follow(node.$ref.slice(2).split('/').reduce((n: any, k: string) => n?.[k], doc)) : node);
  const keys = pointer.slice(1).split('/').map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node = doc;
  for (const key of keys) {
    node = follow(node)?.[key];
    if (node === undefined) return false;
  }
  return true;
}

async function openapiDiffAlone(a: unknown, b: unknown): Promise<string> {
  const spec = (doc: unknown, location: string) => ({ content: JSON.stringify(doc), location, format: 'openapi3' as const });
  const result = await openapiDiff.diffSpecs({ sourceSpec: spec(a, 'base'), destinationSpec: spec(b, 'head') });
  if (result.breakingDifferencesFound) return 'breaking';
  return result.nonBreakingDifferences.length || result.unclassifiedDifferences.length ? 'non-breaking' : 'nothing';
}

describe('classification of each kind of change (fixture specs)', () => {
  it('has a case for every rule of the version policy', () => {
    expect(cases.filter((c) => c.breaking).length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => !c.breaking).length).toBeGreaterThanOrEqual(5);
  });

  it('finds no change between a document and itself', async () => {
    expect(await diffBundles(base, structuredClone(base))).toEqual([]);
  });

  it('sees no change when a nullable allOf wrapper becomes the same schema, nullable, behind a $ref', async () => {
    const size = { properties: { gb: { type: 'integer' } } };
    const wrapped = patched(base, [
      { op: 'add', path: '/components/schemas/Size', value: size },
      { op: 'replace', path: '/components/schemas/Backup/properties/size', value: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Size' }] } },
    ]);
    const direct = patched(base, [
      { op: 'add', path: '/components/schemas/Size', value: { ...size, type: 'object', nullable: true } },
      { op: 'replace', path: '/components/schemas/Backup/properties/size', value: { $ref: '#/components/schemas/Size' } },
    ]);
    expect(await diffBundles(wrapped, direct)).toEqual([]);
    const narrower = patched(direct, [{ op: 'remove', path: '/components/schemas/Size/nullable' }]);
    expect((await diffBundles(wrapped, narrower)).map((c: any) => c.what)).toEqual(['nullable true → (none)']);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.breaking ? 'breaking' : 'not breaking'} (judged by ${c.by})`, async () => {
      const changes = await diffBundles(base, patched(base, c.patch));
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.some((change: any) => change.breaking)).toBe(c.breaking);
      const decisive = changes.filter((change: any) => change.breaking === c.breaking);
      expect(decisive.map((change: any) => change.by.split(' ')[0])).toContain(c.by);
      for (const line of formatChanges('fixture', changes, { verbose: true })) {
        expect(line).toMatch(/^fixture {2}(BREAKING|compatible|docs) +\/\S+ {2}.+: .+ \[(rule|openapi-diff)/);
      }
      // Each pointer names a place that exists in the base or the head (the dereferenced bundle).
      const head = patched(base, c.patch);
      for (const change of changes) expect([resolves(base, change.pointer), resolves(head, change.pointer)]).toContain(true);
    });
  }
});

describe('what openapi-diff reports on its own (why our rules and isolated runs exist)', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.openapiDiffAlone}`, async () => {
      expect(await openapiDiffAlone(base, patched(base, c.patch))).toBe(c.openapiDiffAlone);
    });
  }
});

describe('the version check', () => {
  const removed = patched(base, [{ op: 'remove', path: '/components/schemas/Backup/properties/size' }]);
  const withVersion = (doc: any, version: string) => ({ ...doc, info: { ...doc.info, version } });
  const fixtureBase = { label: 'fixture', version: '1.0.0', bundle: base };

  it('fails a breaking change under a minor bump and names the API and versions', async () => {
    const { verdict } = await compareApi('fixture', fixtureBase, withVersion(removed, '1.1.0'));
    expect(verdict.gate).toEqual(['fixture: breaking changes need a new major version, but info.version goes 1.0.0 → 1.1.0 (minor)']);
  });

  it('passes the same change under a major bump', async () => {
    const { verdict } = await compareApi('fixture', fixtureBase, withVersion(removed, '2.0.0'));
    expect(verdict.gate).toEqual([]);
    expect(verdict.release).toEqual([]);
  });

  it('lets a compatible change through the gate but not through a release without a minor bump', async () => {
    const added = patched(base, [{ op: 'add', path: '/components/schemas/Backup/properties/encrypted', value: { type: 'boolean' } }]);
    const { verdict } = await compareApi('fixture', fixtureBase, added);
    expect(verdict.gate).toEqual([]);
    expect(verdict.release).toEqual(['fixture: these changes need at least a minor bump, but info.version goes 1.0.0 → 1.0.0 (none)']);
  });

  it('refuses a version that is not MAJOR.MINOR.PATCH with a message naming it', async () => {
    await expect(compareApi('fixture', fixtureBase, withVersion(base, 'v3'))).rejects.toThrow(
      'fixture: info.version is "v3"; it must be a semantic version MAJOR.MINOR.PATCH, for example 1.0.0',
    );
  });
});

describe('releases and the changelog (in a temporary folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-backup-api-release-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bundles = join(dir, 'bundles');
  const releases = join(dir, 'releases');
  const changelog = join(dir, 'CHANGELOG.md');
  const publish = (doc: unknown) => {
    mkdirSync(bundles, { recursive: true });
    writeFileSync(join(bundles, 'fixture.json'), `${JSON.stringify(doc, null, 2)}\n`);
  };
  const release = async (date: string, retakeFirst = false) => applyRelease(
    await planRelease(['fixture'], { releasesDir: releases, bundlesDir: bundles, retakeFirst }),
    { releasesDir: releases, changelog, date },
  );
  const withoutSize = patched(base, [{ op: 'remove', path: '/components/schemas/Backup/properties/size' }]);

  it('records a first release when there is no baseline, and does nothing when run again', async () => {
    publish(base);
    expect((await release('2026-01-01')).map((a: any) => a.action)).toEqual(['first']);
    expect(existsSync(join(releases, 'fixture/1.0.0.json'))).toBe(true);
    expect(readFileSync(changelog, 'utf8')).toContain('## fixture 1.0.0 — 2026-01-01');
    const before = readFileSync(changelog, 'utf8');
    expect(await release('2026-01-02')).toEqual([]);
    expect(readFileSync(changelog, 'utf8')).toBe(before);
  });

  it('refuses other content under a released version, writing nothing', async () => {
    publish(withoutSize);
    const plan = await planRelease(['fixture'], { releasesDir: releases, bundlesDir: bundles });
    expect(plan.problems).toEqual([
      'fixture: 1.0.0 is already released with other content; raise info.version in openapi/fixture/openapi.yaml (or, while nobody depends on it yet, retake this first release with --retake-first)',
    ]);
    expect(() => applyRelease(plan, { releasesDir: releases, changelog })).toThrow('nothing released');
  });

  it('retakes a first release on request, replacing its snapshot and its generated lines only', async () => {
    publish(withoutSize);
    expect((await release('2026-01-03', true)).map((a: any) => a.action)).toEqual(['first']);
    expect(baseFromRelease('fixture', releases)?.bundle).toEqual(withoutSize);
    expect(readFileSync(changelog, 'utf8').match(/## fixture 1\.0\.0 — 2026-01-03/g)).toHaveLength(1);
    expect(readFileSync(changelog, 'utf8')).not.toContain('2026-01-01');
    publish(base);
    await release('2026-01-03', true);
    expect(baseFromRelease('fixture', releases)?.bundle).toEqual(base);
  });

  it('releases a breaking change under a new major, with a generated entry, keeping prose added by hand', async () => {
    const next = patched(base, [{ op: 'remove', path: '/components/schemas/Backup/properties/size' }, { op: 'replace', path: '/info/version', value: '2.0.0' }]);
    writeFileSync(changelog, readFileSync(changelog, 'utf8').replace('## fixture 1.0.0 — 2026-01-03\n', '## fixture 1.0.0 — 2026-01-03\n\nThe first one.\n'));
    publish(next);
    expect((await release('2026-02-01')).map((a: any) => a.action)).toEqual(['release']);
    expect(baseFromRelease('fixture', releases)?.version).toBe('2.0.0');
    const text = readFileSync(changelog, 'utf8');
    expect(text.indexOf('## fixture 2.0.0')).toBeLessThan(text.indexOf('## fixture 1.0.0'));
    expect(text).toContain('- **Breaking:** `/paths/~1v1~1{project_id}~1backups/get/responses/200/content/application~1json/schema/properties/backups/items/properties/size` property `size` removed');
    expect(text).toContain('The first one.');
    // Once a second version is out, a release can no longer be retaken.
    publish({ ...next, info: { ...next.info, description: 'changed' } });
    const retake = await planRelease(['fixture'], { releasesDir: releases, bundlesDir: bundles, retakeFirst: true });
    expect(retake.problems).toEqual(['fixture: 2.0.0 is already released with other content; raise info.version in openapi/fixture/openapi.yaml']);
    // Regenerating an entry replaces its generated lines only.
    const again = updateChangelog(text, [{ api: 'fixture', version: '1.0.0', date: 'x', lines: ['- regenerated'] }]);
    expect(again).toContain('The first one.');
    expect(again).toContain('- regenerated');
    expect(again.match(/## fixture 1\.0\.0/g)).toHaveLength(1);
  });
});

describe('the gate on the committed bundles (npm test fails on a breaking change without a major bump)', () => {
  for (const api of API_IDS) {
    it(`${api}: no breaking change against its last release without a new major info.version`, async () => {
      const released = baseFromRelease(api);
      expect(released, `${api} has no release in releases/${api}/; run npm run release`).not.toBeNull();
      const { changes, verdict } = await compareApi(api, released, loadBundle(api));
      expect(verdict.gate, formatChanges(api, changes).join('\n')).toEqual([]);
    });
  }
});

describe('npm run diff, as a user runs it', () => {
  const run = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/diff.mjs', ...args], { cwd: ROOT });
      return { code: 0, output: stdout };
    } catch (error: any) {
      return { code: error.code as number, output: `${error.stdout}${error.stderr}` };
    }
  };

  it('compares every API with its last release and passes', async () => {
    const { code, output } = await run();
    for (const api of API_IDS) expect(output).toMatch(new RegExp(`^${api}: 0 breaking, .*\\[base: release \\d+\\.\\d+\\.\\d+\\]$`, 'm'));
    expect(output).toContain('Gate passed');
    expect(code).toBe(0);
  });

  it('names the option and what is allowed when given a bad one', async () => {
    const [ref, api, option] = await Promise.all([run('--base', 'no-such-ref'), run('--api', 'ebs'), run('--colour')]);
    expect(ref).toMatchObject({ code: 1, output: expect.stringContaining('--base no-such-ref: not a commit, branch or tag of this repository') });
    expect(api).toMatchObject({ code: 1, output: expect.stringContaining('--api ebs: not an API of this project; allowed: cbr, csbs, geminidb, vbs') });
    expect(option).toMatchObject({ code: 1, output: expect.stringContaining('unknown option --colour; allowed: --base <git-ref>, --api <id>, --verbose') });
  });
});
