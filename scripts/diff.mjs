// npm run diff [-- --base <git-ref>] [--api <id>] [--verbose]
// Compares each API's committed bundle with its last release (releases/<api>/) or with the bundle
// at a git ref, prints one line per change and fails when a breaking change comes without a new
// major info.version.
import { APIS, main } from './lib/project.mjs';
import { baseFromGit, baseFromRelease, compareApi, headBundle } from './lib/diff/gate.mjs';
import { countChanges, formatChanges, formatSummary } from './lib/diff/report.mjs';

function parseArgs(argv) {
  const options = { base: null, apis: [], verbose: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--verbose') options.verbose = true;
    else if (arg === '--base' || arg === '--api') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new Error(`${arg} needs a value (${arg === '--base' ? 'a git ref such as main or v1.0.0' : `one of ${APIS.map((a) => a.id).join(', ')}`})`);
      if (arg === '--base') options.base = value;
      else options.apis.push(value);
    } else throw new Error(`unknown option ${arg}; allowed: --base <git-ref>, --api <id>, --verbose`);
  }
  const known = APIS.map((a) => a.id);
  const unknown = options.apis.filter((a) => !known.includes(a));
  if (unknown.length) throw new Error(`--api ${unknown.join(', ')}: not an API of this project; allowed: ${known.join(', ')}`);
  if (!options.apis.length) options.apis = known;
  return options;
}

main(async () => {
  const options = parseArgs(process.argv.slice(2));
  const failures = [];
  for (const api of options.apis) {
    const head = headBundle(api).bundle;
    const base = options.base ? baseFromGit(api, options.base) : baseFromRelease(api);
    if (!base) {
      const where = options.base ? `no generated/openapi/${api}.json at ${options.base}` : 'no release recorded yet';
      console.log(`${api}: ${where}; nothing to compare (${head.info?.version} would be its first release)\n`);
      continue;
    }
    const { changes, verdict } = await compareApi(api, base, head);
    for (const line of formatChanges(api, changes, options)) console.log(line);
    console.log(`${formatSummary(verdict, countChanges(changes))}   [base: ${base.label}]`);
    if (verdict.note) console.log(`  note: ${verdict.note}`);
    console.log('');
    failures.push(...verdict.gate);
  }
  if (failures.length) throw new Error(`breaking-change gate failed:\n  ${failures.join('\n  ')}`);
  console.log('Gate passed: no breaking change without a new major version.');
});
