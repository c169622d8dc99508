// The published bundles lint clean, generated/ matches openapi/, and everything type-checks
// (the generated types, the client, and the type tests in test/types/ that use them).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';

const run = promisify(execFile);

async function script(name: string) {
  try {
    const { stdout } = await run(process.execPath, [`scripts/${name}.mjs`], { cwd: ROOT, maxBuffer: 32 << 20 });
    return { code: 0, output: stdout };
  } catch (error: any) {
    return { code: error.code as number, output: `${error.stdout}\n${error.stderr}` };
  }
}

describe('generated output', () => {
  it('sources and bundles lint with 0 errors (redocly + spectral)', { timeout: 300_000 }, async () => {
    const result = await script('lint');
    expect(result.output).toContain('No lint errors.');
    expect(result.code).toBe(0);
  });

  it('generated/ is in sync with openapi/ and everything compiles (npm run check)', { timeout: 300_000 }, async () => {
    const result = await script('check');
    expect(result.output).toContain('generated/ is up to date.');
    expect(result.code).toBe(0);
  });
});
