// npm run build: lint the sources, bundle, lint the bundles, generate types, build the docs and
// compile the client. Every output is derived from openapi/; generated/ is committed.
import { GENERATED_OPENAPI, main, step } from './lib/project.mjs';
import { lintSources, bundleAll, lintBundles, generateTypes, buildDocs, compileClient } from './lib/steps.mjs';
import { generateCollections } from './lib/postman.mjs';

const args = new Set(process.argv.slice(2));
const known = new Set(['--no-docs', '--no-client']);
for (const arg of args) {
  if (!known.has(arg)) {
    console.error(`Unknown option ${arg}. Allowed: ${[...known].join(', ')}`);
    process.exit(2);
  }
}

main(async () => {
  await step('lint sources (redocly, spectral)', lintSources);
  await step('bundle → generated/openapi/', () => bundleAll(GENERATED_OPENAPI));
  await step('lint bundles (redocly, spectral)', () => lintBundles(GENERATED_OPENAPI));
  await step('types → generated/types/', () => generateTypes(GENERATED_OPENAPI));
  await step('postman → generated/postman/', () => generateCollections(GENERATED_OPENAPI));
  if (!args.has('--no-docs')) await step('docs → dist/docs/', () => buildDocs(GENERATED_OPENAPI));
  if (!args.has('--no-client')) await step('client → dist/src/', compileClient);
  console.log('Build complete.');
});
