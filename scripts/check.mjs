// npm run check: fails when generated/ no longer matches openapi/ or the types do not compile.
// Bundles into a temporary folder and compares byte for byte, so the check never writes generated/.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIS, GENERATED_OPENAPI, main, step } from './lib/project.mjs';
import { BUNDLE_VARIANTS, bundleAll, generateTypes, typecheck } from './lib/steps.mjs';
import { generateParams } from './lib/params.mjs';
import { generateCollections } from './lib/postman.mjs';

async function compareBundles(fresh) {
  await bundleAll(fresh);
  const stale = [];
  for (const api of APIS) {
    for (const { suffix } of BUNDLE_VARIANTS) {
      const name = `${api.id}.${suffix}`;
      const committed = await readFile(join(GENERATED_OPENAPI, name), 'utf8').catch(() => null);
      if (committed !== (await readFile(join(fresh, name), 'utf8'))) stale.push(`generated/openapi/${name}`);
    }
  }
  if (stale.length) throw new Error(`stale or missing: ${stale.join(', ')}. Run \`npm run build\` and commit generated/.`);
}

main(async () => {
  const fresh = await mkdtemp(join(tmpdir(), 'cloud-backup-api-check-'));
  try {
    await step('bundles match openapi/', () => compareBundles(fresh));
    await step('types match the bundles (openapi-typescript)', () => generateTypes(fresh, { check: true }));
    await step('query parameter tables match the bundles', () => generateParams(fresh, { check: true }));
    await step('postman collections match the bundles', () => generateCollections(fresh, { check: true }));
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
  await step('everything type-checks (tsc)', typecheck);
  console.log('generated/ is up to date.');
});
