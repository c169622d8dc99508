// Ready-to-run code samples for the docs pages (Redoc's `x-codeSamples`), generated from each
// bundle at docs build time: curl, this package's TypeScript client, and for vbs the OpenStack CLI.
// They are added to a copy of the bundle that only the docs build reads; the published bundles stay
// a description of the API (docs/decisions.md, "Code samples live in the docs build only").
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runTool } from './project.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The first server's URL with every variable at its default. */
function serverUrl(spec) {
  const server = spec.servers[0];
  return server.url.replace(/\{([^}]+)\}/g, (_, name) => server.variables[name].default);
}

function resolve(spec, node) {
  if (!node?.$ref) return node;
  return node.$ref.slice(2).split('/').reduce((at, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}

/** The `limit` query parameter of an operation, if it has one (samples ask for one page of it). */
function limitParameter(spec, pathItem, operation) {
  return [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
    .map((p) => resolve(spec, p))
    .find((p) => p.in === 'query' && p.name === 'limit');
}

/** The client factory the package exports for this API, read from src/<api>/index.ts. */
async function clientFactory(apiId) {
  const source = await readFile(join(ROOT, 'src', apiId, 'index.ts'), 'utf8');
  const name = /export function (create\w+Client)\(/.exec(source)?.[1];
  if (!name) throw new Error(`src/${apiId}/index.ts exports no create…Client function`);
  return name;
}

function curl(url) {
  return [`curl -s "${url}" \\`, '  -H "X-Auth-Token: $TOKEN"'].join('\n');
}

function typescript(apiId, factory, endpoint, limit) {
  const query = limit === undefined ? '' : `{ limit: ${limit} }`;
  return [
    `import { ${factory} } from 'cloud-backup-api/${apiId}';`,
    '',
    `const client = ${factory}({`,
    `  endpoint: '${endpoint}',`,
    '  projectId: process.env.PROJECT_ID!,',
    '  auth: { token: process.env.TOKEN! },',
    '});',
    '',
    '// Every backup of every page, each exactly once.',
    `for await (const backup of client.iterateBackups(${query})) {`,
    '  console.log(backup.id);',
    '}',
  ].join('\n');
}

/** The OpenStack CLI command for a Cinder (vbs) list, with the usual OS_* variables or clouds.yaml. */
function openstackCli(limit) {
  return [
    '# Authenticated as usual for OpenStack: OS_CLOUD (clouds.yaml) or the OS_* variables',
    `openstack volume backup list${limit === undefined ? '' : ` --limit ${limit}`}`,
  ].join('\n');
}

/** A copy of `spec` whose operations carry `x-codeSamples`. */
export async function withCodeSamples(apiId, spec) {
  const copy = structuredClone(spec);
  const endpoint = serverUrl(copy);
  const factory = await clientFactory(apiId);
  for (const [path, pathItem] of Object.entries(copy.paths)) {
    for (const method of METHODS.filter((m) => pathItem[m])) {
      const operation = pathItem[method];
      const limit = limitParameter(copy, pathItem, operation)?.example;
      const url = `${endpoint}${path.replace(/\{project_id\}/g, '$PROJECT_ID')}${limit === undefined ? '' : `?limit=${limit}`}`;
      operation['x-codeSamples'] = [
        { lang: 'curl', label: 'curl', source: curl(url) },
        { lang: 'TypeScript', label: 'TypeScript client', source: typescript(apiId, factory, endpoint, limit) },
        ...(apiId === 'vbs' && method === 'get' ? [{ lang: 'Shell', label: 'OpenStack CLI', source: openstackCli(limit) }] : []),
      ];
    }
  }
  return copy;
}

/** Builds one Redoc page from the bundle plus its code samples (a temporary copy, removed after). */
export async function buildDocsPage(apiId, bundleDir, page) {
  const spec = JSON.parse(await readFile(join(bundleDir, `${apiId}.json`), 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), 'cloud-backup-api-docs-'));
  try {
    const file = join(dir, `${apiId}.json`);
    await writeFile(file, JSON.stringify(await withCodeSamples(apiId, spec)));
    await runTool('redocly', ['build-docs', file, '--inlineBundle', '-o', page]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
