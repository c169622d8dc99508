// The build's steps, each usable on its own: `build`, `check` and `start` compose them.
import { mkdir, writeFile, copyFile, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { APIS, ROOT, DOCS_DIR, runTool } from './project.mjs';
import { renderIndexPage } from './docs-index.mjs';
import { buildDocsPage } from './code-samples.mjs';
import { inlineRedocLogos } from './docs-page.mjs';
export { generateTypes } from './types.mjs';

/** The three files each API is published as, relative to an output folder. */
export const BUNDLE_VARIANTS = [
  { suffix: 'yaml', args: ['--ext', 'yaml'] },
  { suffix: 'json', args: ['--ext', 'json'] },
  { suffix: 'deref.json', args: ['--ext', 'json', '--dereferenced'] },
];

export async function lintSources() {
  await runTool('redocly', ['lint', ...APIS.map((api) => api.id)]);
  await runTool('redocly', ['lint', ...APIS.map((api) => `openapi/${api.id}/list-every-backup.arazzo.yaml`)]);
  await runTool('spectral', ['lint', '--fail-severity=error', ...APIS.map((api) => relative(ROOT, api.root))]);
}

/** Bundles every API into `outDir` as <api>.yaml, <api>.json and <api>.deref.json. */
export async function bundleAll(outDir) {
  await mkdir(outDir, { recursive: true });
  for (const api of APIS) {
    for (const variant of BUNDLE_VARIANTS) {
      await runTool('redocly', ['bundle', api.id, '-o', join(outDir, `${api.id}.${variant.suffix}`), ...variant.args]);
    }
  }
}

/** Lints the published YAML bundles: a bundle can break rules its sources pass (component names, $refs). */
export async function lintBundles(dir) {
  const files = APIS.map((api) => relative(ROOT, join(dir, `${api.id}.yaml`)));
  await runTool('redocly', ['lint', ...files]);
  await runTool('spectral', ['lint', '--fail-severity=error', ...files]);
}

export async function typecheck() {
  await runTool('tsc', ['-p', 'tsconfig.json']);
}

export async function compileClient() {
  await runTool('tsc', ['-p', 'tsconfig.build.json']);
}

/** One self-contained Redoc page per API, the bundles beside them, and an index page. */
export async function buildDocs(bundleDir) {
  const specsDir = join(DOCS_DIR, 'openapi');
  await mkdir(specsDir, { recursive: true });
  await mkdir(join(DOCS_DIR, 'postman'), { recursive: true });
  for (const api of APIS) {
    const page = join(DOCS_DIR, `${api.id}.html`);
    await buildDocsPage(api.id, bundleDir, page); // the bundle plus x-codeSamples (code-samples.mjs)
    await writeFile(page, inlineRedocLogos(await readFile(page, 'utf8'), page));
    for (const variant of BUNDLE_VARIANTS) {
      const name = `${api.id}.${variant.suffix}`;
      await copyFile(join(bundleDir, name), join(specsDir, name));
    }
    const collection = `${api.id}.postman_collection.json`;
    await copyFile(join(ROOT, 'generated/postman', collection), join(DOCS_DIR, 'postman', collection));
  }
  const bundles = await Promise.all(
    APIS.map(async (api) => ({ api, spec: JSON.parse(await readFile(join(bundleDir, `${api.id}.json`), 'utf8')) })),
  );
  await writeFile(join(DOCS_DIR, 'index.html'), renderIndexPage(bundles));
}
