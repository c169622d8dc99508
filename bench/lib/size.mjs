// (d) What an app pays to ship the client in a browser: esbuild, bundled, minified, browser ESM,
// then gzip. An app importing one client, one importing all four, and openapi-fetch alone.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';

const APPS = (clientDir) => [
  { name: 'openapi-fetch alone', source: "import createClient from 'openapi-fetch';\nexport { createClient };" },
  { name: 'one client (geminidb)', source: `export { createGeminiDbClient } from ${JSON.stringify(join(clientDir, 'geminidb/index.js'))};` },
  {
    name: 'all four clients',
    source: `export { createCbrClient, createCsbsClient, createGeminiDbClient, createVbsClient } from ${JSON.stringify(join(clientDir, 'index.js'))};`,
  },
];

export async function bundleSizes({ clientDir, resolveDir }) {
  const rows = [];
  for (const app of APPS(clientDir)) {
    const result = await build({
      stdin: { contents: app.source, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    rows.push({ name: app.name, minBytes: code.length, gzBytes: gzipSync(code, { level: 9 }).length });
  }
  return { bundler: 'esbuild (bundle, minify, browser ESM, gzip -9)', rows };
}
