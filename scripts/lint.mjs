// npm run lint: the sources and the committed bundles, with Redocly and Spectral.
import { GENERATED_OPENAPI, main, step } from './lib/project.mjs';
import { lintAll } from './lib/steps.mjs';

main(async () => {
  // One Redocly and one Spectral run over the sources and the bundles together (each start costs
  // more than linting another file).
  await step('lint sources and bundles (redocly, spectral)', () => lintAll(GENERATED_OPENAPI));
  console.log('No lint errors.');
});
