// The build's steps, each usable on its own: `build`, `check`, `lint`, `docs` and `start` compose
// them. Every CLI start costs ~0.4 s of CPU (Redocly) to ~1.5 s (Spectral loading its rulesets), so
// a step starts each tool as few times as it can: one Redocly process per bundle variant for all
// APIs, one Redocly and one Spectral process for every file that is linted.
import { mkdir, writeFile, copyFile, readFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { APIS, API_CONFIG, ROOT, DOCS_DIR, runTool } from './project.mjs';
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

const sourceRoots = () => APIS.map((api) => relative(ROOT, api.root));
/** The hand-written Arazzo workflows (one per API), linted by Redocly with the sources. */
const workflowFiles = () => APIS.map((api) => `openapi/${api.id}/list-every-backup.arazzo.yaml`);
const bundleFiles = (dir) => APIS.map((api) => relative(ROOT, join(dir, `${api.id}.yaml`)));

/** Runs `fn` over `items`, at most `limit` at a time (the machine's cores by default). */
export async function mapLimit(items, fn, limit = availableParallelism()) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Lints files with Redocly and Spectral, the two tools side by side. */
async function lintFiles(redoclyTargets, spectralTargets) {
  await Promise.all([
    runTool('redocly', ['lint', ...redoclyTargets]),
    runTool('spectral', ['lint', '--fail-severity=error', ...spectralTargets]),
  ]);
}

export const lintSources = () => lintFiles([...APIS.map((api) => api.id), ...workflowFiles()], sourceRoots());

/** Lints the published YAML bundles: a bundle can break rules its sources pass (component names, $refs). */
export const lintBundles = (dir) => lintFiles(bundleFiles(dir), bundleFiles(dir));

/** The sources and the bundles in `dir` in one pass (one process per tool instead of two). */
export const lintAll = (dir) =>
  lintFiles([...APIS.map((api) => api.id), ...workflowFiles(), ...bundleFiles(dir)], [...sourceRoots(), ...bundleFiles(dir)]);

/**
 * Bundles every API into `outDir` as <api>.yaml, <api>.json and <api>.deref.json: one Redocly run
 * per variant for all four APIs. Redocly writes each API to its configured `output` (with
 * several APIs, `-o` would name every file `openapi.<ext>`), so each run gets a copy of
 * redocly.yaml whose entries point at `outDir`; roots are made absolute because the copy lives in
 * a temporary folder.
 */
export async function bundleAll(outDir) {
  await mkdir(outDir, { recursive: true });
  const configDir = await mkdtemp(join(tmpdir(), 'cloud-backup-api-bundle-'));
  try {
    const base = parse(await readFile(join(ROOT, 'redocly.yaml'), 'utf8'));
    await Promise.all(
      BUNDLE_VARIANTS.map(async (variant) => {
        const apis = Object.fromEntries(
          Object.entries(API_CONFIG).map(([id, entry]) => [
            id,
            { ...entry, root: resolve(ROOT, entry.root), output: join(resolve(outDir), `${id}.${variant.suffix}`) },
          ]),
        );
        const config = join(configDir, `redocly.${variant.suffix}.yaml`);
        await writeFile(config, stringify({ ...base, apis }));
        await runTool('redocly', ['bundle', '--config', config, ...variant.args]);
      }),
    );
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
}

export async function typecheck() {
  await runTool('tsc', ['-p', 'tsconfig.json']);
}

export async function compileClient() {
  await runTool('tsc', ['-p', 'tsconfig.build.json']);
}

/** One self-contained Redoc page per API, from its bundle plus x-codeSamples (as many Redocly runs at a time as cores). */
export async function buildDocPages(bundleDir) {
  await mkdir(DOCS_DIR, { recursive: true });
  await mapLimit(APIS, async (api) => {
    const page = join(DOCS_DIR, `${api.id}.html`);
    await buildDocsPage(api.id, bundleDir, page);
    await writeFile(page, inlineRedocLogos(await readFile(page, 'utf8'), page));
  });
}

/** The bundles and Postman collections beside the pages, and the index page (needs both generated). */
export async function finishDocs(bundleDir) {
  const specsDir = join(DOCS_DIR, 'openapi');
  await mkdir(specsDir, { recursive: true });
  await mkdir(join(DOCS_DIR, 'postman'), { recursive: true });
  for (const api of APIS) {
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

/** One self-contained Redoc page per API, the bundles beside them, and an index page. */
export async function buildDocs(bundleDir) {
  await buildDocPages(bundleDir);
  await finishDocs(bundleDir);
}
