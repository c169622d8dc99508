// The npm package as a user gets it: `npm pack` holds the compiled client, the bundles and the
// types (and nothing else of ours), and a plain Node script that imports `cloud-backup-api`
// from the unpacked tarball lists every backup of a stateful fake.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';
import { startFake } from '../fakes/index.js';

let work: string;
let files: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cloud-backup-api-pack-'));
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }),
  );
  files = packed.files.map((f: { path: string }) => f.path);
  // Install the tarball the way npm would, with its runtime dependencies taken from ours.
  const modules = join(work, 'consumer/node_modules');
  mkdirSync(join(modules, 'cloud-backup-api'), { recursive: true });
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', join(modules, 'cloud-backup-api'), '--strip-components=1']);
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('contains the compiled client, the bundles and the generated types, and no sources or tests', () => {
    for (const expected of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/vbs/index.js', 'package.json']) {
      expect(files).toContain(expected);
    }
    for (const api of ['cbr', 'csbs', 'geminidb', 'vbs']) {
      expect(files).toContain(`generated/openapi/${api}.yaml`);
      expect(files).toContain(`generated/openapi/${api}.deref.json`);
      expect(files).toContain(`generated/types/${api}.ts`);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('openapi/'))).toEqual([]);
  });

  it('a plain node script imports it from the tarball and lists every backup of a fake', { timeout: 60_000 }, async () => {
    const cbr = await startFake('cbr', { count: 250 });
    const vbs = await startFake('vbs', { count: 120 });
    try {
      const script = join(work, 'consumer/list.mjs');
      writeFileSync(
        script,
        [
          "import { createCbrClient } from 'cloud-backup-api';",
          "import { createVbsClient } from 'cloud-backup-api/vbs';",
          'const [cbrUrl, vbsUrl, projectId] = process.argv.slice(2);',
          "const cbr = createCbrClient({ endpoint: cbrUrl, projectId, auth: { token: 'demo' } });",
          "const vbs = createVbsClient({ endpoint: vbsUrl, projectId, auth: { token: 'demo' } });",
          'const ids = new Set();',
          'for await (const b of cbr.iterateBackups({ limit: 100 })) ids.add(b.id);',
          'let vbsCount = 0;',
          'for await (const b of vbs.iterateBackups({ limit: 50 })) vbsCount++;',
          'console.log(JSON.stringify({ cbr: ids.size, vbs: vbsCount }));',
        ].join('\n'),
      );
      // Asynchronously: the fakes run in this process and must keep answering.
      const { stdout } = await promisify(execFile)(process.execPath, [script, cbr.url, vbs.url, cbr.projectId], { cwd: join(work, 'consumer') });
      expect(JSON.parse(stdout)).toEqual({ cbr: 250, vbs: 120 });
    } finally {
      await cbr.close();
      await vbs.close();
    }
  });
});
