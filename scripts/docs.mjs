// npm run docs: the docs portal (dist/docs/) from the committed bundles in generated/openapi/.
import { GENERATED_OPENAPI, main, step } from './lib/project.mjs';
import { buildDocs } from './lib/steps.mjs';

main(async () => {
  await step('docs → dist/docs/', () => buildDocs(GENERATED_OPENAPI));
});
