// Our own Spectral rules (.spectral.yaml, functions in spectral/functions/) catch what they are
// for: each is run over a small planted description in test/spec/fixtures/ and must flag exactly
// the broken spellings, in the multi-file sources and in a single-file bundle of them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';

const run = promisify(execFile);
const FIXTURE = 'test/spec/fixtures/nullable/openapi.yaml';
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false' };

interface Finding { code: string; path: string[]; message: string; source: string }

async function spectral(file: string): Promise<Finding[]> {
  // Spectral exits 1 when it finds errors; the JSON report is on stdout either way.
  const result = await run(`${ROOT}node_modules/.bin/spectral`, ['lint', '-r', '.spectral.yaml', '-f', 'json', file], { cwd: ROOT, env, maxBuffer: 16 << 20 })
    .catch((error) => error as { stdout: string });
  return JSON.parse(result.stdout);
}

describe('spectral rule nullable-reaches-type', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'spectral-rules-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  // A node reached along two routes (a path and components) is reported once per route.
  const flagged = (findings: Finding[]) => [...new Set(findings.filter((f) => f.code === 'nullable-reaches-type').map((f) => f.message))];
  const besideRef = (messages: string[]) => messages.filter((m) => m.includes('beside `$ref'));
  const overAllOf = (messages: string[]) => messages.filter((m) => m.includes('does not reach into `allOf`'));

  it('flags nullable beside a $ref and nullable over a typed allOf member in the sources, nothing else', { timeout: 60_000 }, async () => {
    const messages = flagged(await spectral(FIXTURE));
    expect(messages).toHaveLength(2);
    expect(besideRef(messages)).toEqual([expect.stringMatching(/Thing\.yaml#\/properties\/beside_ref: `nullable` beside `\$ref: \.\/Typed\.yaml`/)]);
    expect(overAllOf(messages)).toEqual([expect.stringMatching(/member 0 has `type: object` and refuses null/)]);
  });

  it('flags the same two in a single-file bundle of the fixture', { timeout: 60_000 }, async () => {
    const bundle = join(dir, 'bundle.yaml');
    await run(`${ROOT}node_modules/.bin/redocly`, ['bundle', FIXTURE, '-o', bundle], { cwd: ROOT, env });
    const messages = flagged(await spectral(bundle));
    expect(messages).toHaveLength(2);
    expect(besideRef(messages)).toEqual([expect.stringMatching(/Thing\/properties\/beside_ref: `nullable` beside `\$ref: #\/components\/schemas\/Typed`/)]);
    expect(overAllOf(messages)).toHaveLength(1);
  });
});
