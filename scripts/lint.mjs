// npm run lint: the sources and the committed bundles, with Redocly and Spectral.
import { GENERATED_OPENAPI, main, step } from './lib/project.mjs';
import { lintSources, lintBundles } from './lib/steps.mjs';

main(async () => {
  await step('lint sources (redocly, spectral)', lintSources);
  await step('lint bundles (redocly, spectral)', () => lintBundles(GENERATED_OPENAPI));
  console.log('No lint errors.');
});
