// Builds, once before any test file runs, what several test files serve or import: the docs portal
// (dist/docs/, from the committed bundles) and the compiled stateful fakes (dist/fakes/, used by
// `npm start -- --stateful`). Test files then only read them; none rebuilds them while another
// serves them. On a fresh clone neither exists yet.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../support/apis.js';

export default function setup() {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false' };
  execFileSync(process.execPath, ['scripts/docs.mjs'], { cwd: ROOT, env, stdio: 'pipe' });
  execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.fakes.json'], { cwd: ROOT, env, stdio: 'pipe' });
}
