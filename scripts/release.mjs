// npm run release: records the committed bundles as released (releases/<api>/<version>.json) and
// adds their CHANGELOG.md entries. Idempotent: a version already released with the same bundle is
// left alone. Refuses (and writes nothing) when a version is reused for other content or is not
// raised as far as the version policy asks. `--dry-run` only says what it would do;
// `--retake-first` records an API's first release again from the current bundle, as long as that
// first release is still its only one (for taking the first release after a round of changes).
import { APIS, main } from './lib/project.mjs';
import { applyRelease, planRelease } from './lib/diff/gate.mjs';

main(async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--dry-run' && a !== '--retake-first');
  if (unknown.length) throw new Error(`unknown option ${unknown[0]}; allowed: --dry-run, --retake-first`);
  const plan = await planRelease(APIS.map((a) => a.id), { retakeFirst: args.includes('--retake-first') });
  for (const action of plan.actions) {
    const text = {
      unchanged: `already released with this bundle; nothing to do`,
      first: action.retaken ? 'first release retaken from the current bundle' : 'first release (no earlier release to compare with)',
      release: `released (previous: ${action.from})`,
    }[action.action];
    console.log(`${action.api} ${action.version}: ${text}`);
  }
  if (args.includes('--dry-run')) {
    if (plan.problems.length) throw new Error(`a release would be refused:\n  ${plan.problems.join('\n  ')}`);
    console.log('Dry run: nothing written.');
    return;
  }
  const written = applyRelease(plan);
  console.log(written.length
    ? `Recorded ${written.length} release(s) in releases/ and CHANGELOG.md; commit them.`
    : 'Nothing new to release.');
});
