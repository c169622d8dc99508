// npm start: the docs portal and one mock per API on loopback, built if needed.
//   npm start                      static mocks: Prism serves the documented examples
//   npm start -- --stateful        realistic data: a stateful fake per API behind a validating Prism proxy
// Options: --docs-port N (8080), --mock-port N (4010; the APIs take N, N+1, …), --count N (stateful
// backups per API, 1200), --help. Ctrl-C stops everything.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APIS, DOCS_DIR, GENERATED_OPENAPI, ROOT, main, runTool, step } from './lib/project.mjs';
import { buildDocs } from './lib/steps.mjs';
import { serveStatic } from './lib/static-server.mjs';
import { startPrism } from './lib/prism.mjs';

const USAGE = `Usage: npm start [-- --stateful] [--docs-port N] [--mock-port N] [--count N]`;

function parseArgs(argv) {
  const options = { stateful: false, docsPort: 8080, mockPort: 4010, count: 1200 };
  const numeric = { '--docs-port': 'docsPort', '--mock-port': 'mockPort', '--count': 'count' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') { console.log(USAGE); process.exit(0); }
    if (arg === '--stateful') { options.stateful = true; continue; }
    const [flag, inline] = arg.split('=', 2);
    if (flag in numeric) {
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      const max = flag === '--count' ? 100_000 : 65_535;
      if (!Number.isInteger(value) || value < 1 || value > max) {
        throw new Error(`${flag} must be a whole number from 1 to ${max}; got ${JSON.stringify(raw ?? '')}`);
      }
      options[numeric[flag]] = value;
      continue;
    }
    throw new Error(`unknown option ${JSON.stringify(arg)}. ${USAGE}`);
  }
  return options;
}

/** The docs are rebuilt when missing or older than a bundle. */
function docsAreStale() {
  const index = join(DOCS_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return APIS.some((api) => statSync(join(GENERATED_OPENAPI, `${api.id}.yaml`)).mtimeMs > built);
}

/** A ready-to-paste request for the API's list operation, with the example project id. */
function curlLine(api, baseUrl) {
  const spec = JSON.parse(readFileSync(join(GENERATED_OPENAPI, `${api.id}.json`), 'utf8'));
  const path = Object.keys(spec.paths)[0].replace('{project_id}', '0605767b5780d5762fc5c0118072a564');
  return `curl -s -H 'X-Auth-Token: demo-token' '${baseUrl}${path}?limit=2'`;
}

/** Whether dist/fakes/ is missing or older than a source in test/fakes/. */
function fakesAreStale(entry) {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  const sources = join(ROOT, 'test/fakes');
  return readdirSync(sources).some((name) => name.endsWith('.ts') && statSync(join(sources, name)).mtimeMs > built);
}

/**
 * The stateful fakes are TypeScript (test/fakes/); compile them into dist/fakes/ when they changed.
 * Only when they changed: several `npm start` processes (the test suite runs a few at once) must not
 * rewrite the files another one is importing.
 */
async function loadFakes() {
  const entry = join(ROOT, 'dist/fakes/fakes/index.js');
  if (fakesAreStale(entry)) await runTool('tsc', ['-p', 'tsconfig.fakes.json']);
  return import(pathToFileURL(entry).href);
}

main(async () => {
  const options = parseArgs(process.argv.slice(2));
  for (const api of APIS) {
    if (!existsSync(join(GENERATED_OPENAPI, `${api.id}.yaml`))) throw new Error(`generated/openapi/${api.id}.yaml is missing: run \`npm run build\`.`);
  }
  if (docsAreStale()) await step('docs → dist/docs/', () => buildDocs(GENERATED_OPENAPI));

  const running = [];
  const stop = async () => {
    await Promise.allSettled(running.map((server) => server.close()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    const docs = await serveStatic(DOCS_DIR, { port: options.docsPort });
    running.push(docs);
    const fakes = options.stateful ? await step('compile the stateful fakes', loadFakes) : null;
    const lines = [];
    for (const [index, api] of APIS.entries()) {
      const port = options.mockPort + index;
      const bundle = join(GENERATED_OPENAPI, `${api.id}.yaml`);
      let mock;
      if (fakes) {
        const fake = await fakes.startFake(api.id, { count: options.count, publicUrl: `http://127.0.0.1:${port}` });
        running.push(fake);
        mock = await startPrism(bundle, { upstream: fake.url, errors: true, port });
      } else {
        mock = await startPrism(bundle, { port });
      }
      running.push(mock);
      lines.push({ api, url: mock.url });
    }

    console.log(`\nDocs portal:  ${docs.url}/`);
    for (const { api, url } of lines) console.log(`  ${api.id.padEnd(9)} ${docs.url}/${api.id}.html`);
    console.log(`\n${options.stateful ? `Stateful fakes (${options.count} backups each) behind Prism proxies that validate every answer` : 'Prism mocks serving the documented examples'}:`);
    for (const { api, url } of lines) console.log(`  ${api.id.padEnd(9)} ${url}\n            ${curlLine(api, url)}`);
    console.log(`\nTry a named example: -H 'Prefer: example=empty_page'; an error: -H 'Prefer: code=401'.`);
    console.log('Press Ctrl-C to stop.');
  } catch (error) {
    await Promise.allSettled(running.map((server) => server.close()));
    throw error;
  }
});
