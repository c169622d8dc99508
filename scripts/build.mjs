// npm run build: lint the sources and the bundles, bundle, generate types, build the docs and
// compile the client. Every output is derived from openapi/; generated/ is committed.
//
// Stages that do not depend on each other run at the same time (two cores finish the build in
// about half the time it takes one after the other):
//
//   bundle ──┬─► types ─► client (tsc)
//            ├─► lint sources, workflows + bundles (redocly, spectral)
//            ├─► Redoc pages (from the bundles, with code samples) ─┐
//            └─► postman collections ───────────────────────────────┴─► docs: bundles, collections, index
//
// Any failing stage fails the build (exit 1); the outputs of stages that finished stay written.
// `--timings FILE` writes each stage's start and duration as JSON (used by `npm run bench`).
import { writeFile } from 'node:fs/promises';
import { GENERATED_OPENAPI, main } from './lib/project.mjs';
import { lintAll, bundleAll, generateTypes, buildDocPages, finishDocs, compileClient } from './lib/steps.mjs';
import { generateParams } from './lib/params.mjs';
import { generateCollections } from './lib/postman.mjs';

const FLAGS = new Set(['--no-docs', '--no-client']);

function parseArgs(argv) {
  const flags = new Set();
  let timings;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--timings' && argv[i + 1]) timings = argv[++i];
    else if (FLAGS.has(argv[i])) flags.add(argv[i]);
    else {
      console.error(`Unknown option ${argv[i]}. Allowed: ${[...FLAGS].join(', ')}, --timings FILE`);
      process.exit(2);
    }
  }
  return { flags, timings };
}

const { flags, timings } = parseArgs(process.argv.slice(2));
const started = performance.now();
const stages = [];

/** Runs one stage and prints `✓ label (1.2 s)` when it ends (stages overlap, so one line each, at the end). */
async function stage(label, action) {
  const start = performance.now();
  try {
    const result = await action();
    const ms = performance.now() - start;
    stages.push({ label, startMs: Math.round(start - started), ms: Math.round(ms) });
    console.log(`✓ ${label} (${(ms / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    console.log(`✖ ${label} failed`);
    throw error;
  }
}

main(async () => {
  const docs = !flags.has('--no-docs');
  await stage('bundle → generated/openapi/', () => bundleAll(GENERATED_OPENAPI));
  const pages = docs ? stage('docs: Redoc pages → dist/docs/', () => buildDocPages(GENERATED_OPENAPI)) : undefined;
  const collections = stage('postman → generated/postman/', () => generateCollections(GENERATED_OPENAPI));
  await Promise.all([
    collections,
    stage('lint sources and bundles (redocly, spectral)', () => lintAll(GENERATED_OPENAPI)),
    (async () => {
      await Promise.all([
        stage('types → generated/types/', () => generateTypes(GENERATED_OPENAPI)),
        stage('query parameter tables → generated/params/', () => generateParams(GENERATED_OPENAPI)),
      ]);
      if (!flags.has('--no-client')) await stage('client → dist/src/ (tsc)', compileClient);
    })(),
    docs ? Promise.all([pages, collections]).then(() => stage('docs: bundles and index → dist/docs/', () => finishDocs(GENERATED_OPENAPI))) : undefined,
  ]);
  const totalMs = Math.round(performance.now() - started);
  if (timings) await writeFile(timings, `${JSON.stringify({ totalMs, stages }, null, 2)}\n`);
  console.log(`Build complete (${(totalMs / 1000).toFixed(1)} s).`);
});
