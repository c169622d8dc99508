// What `npm run diff`, `npm run release` and the tests share: where a base bundle comes from
// (the last recorded release, or a git ref), comparing one API, and planning a release.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_OPENAPI, ROOT } from '../project.mjs';
import { diffBundles } from './classify.mjs';
import { entryLines, updateChangelog } from './changelog.mjs';
import { lastRelease, listReleases, readRelease, releaseExists, writeRelease } from './releases.mjs';
import { assess, parseVersion } from './versions.mjs';

export const RELEASES_DIR = join(ROOT, 'releases');
export const CHANGELOG = join(ROOT, 'CHANGELOG.md');

/** The committed bundle of an API: its text (copied byte for byte on release) and parsed form. */
export function headBundle(api, dir = GENERATED_OPENAPI) {
  const text = readFileSync(join(dir, `${api}.json`), 'utf8');
  return { text, bundle: JSON.parse(text) };
}

export function baseFromRelease(api, dir = RELEASES_DIR) {
  const last = lastRelease(dir, api);
  return last && { label: `release ${last.version}`, version: last.version, bundle: last.bundle };
}

/** The bundle as committed at a git ref, or null when the API did not exist there. */
export function baseFromGit(api, ref) {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new Error(`--base ${ref}: not a commit, branch or tag of this repository`);
  }
  const spec = `${ref}:generated/openapi/${api}.json`;
  try {
    git('cat-file', '-e', spec);
  } catch {
    return null;
  }
  const bundle = JSON.parse(git('show', spec));
  return { label: ref, version: bundle.info?.version, bundle };
}

/** Classified changes and the version verdict of one API against its base. */
export async function compareApi(api, base, head) {
  const changes = await diffBundles(base.bundle, head);
  const to = head.info?.version;
  parseVersion(api, to);
  try {
    parseVersion(api, base.version);
  } catch {
    const note = `${api}: the base (${base.label}) has info.version ${JSON.stringify(base.version)}, not a semantic version; the version check is skipped`;
    return { changes, verdict: { api, from: String(base.version), to, bump: 'n/a', needed: 'n/a', gate: [], release: [note], note } };
  }
  return { changes, verdict: assess(api, base.version, to, changes) };
}

/**
 * What `npm run release` would do for each API, without writing anything: `first` (no release
 * yet), `unchanged` (this version is already released with this content) or `release`; plus the
 * problems that stop the release. `retakeFirst` lets an API whose only release is its current
 * version record it again with the current bundle (before anyone depends on that first release).
 */
export async function planRelease(apis, { releasesDir = RELEASES_DIR, bundlesDir = GENERATED_OPENAPI, retakeFirst = false } = {}) {
  const actions = [];
  const problems = [];
  for (const api of apis) {
    const { text, bundle } = headBundle(api, bundlesDir);
    const version = bundle.info?.version;
    parseVersion(api, version);
    const last = baseFromRelease(api, releasesDir);
    if (releaseExists(releasesDir, api, version)) {
      const same = JSON.stringify(readRelease(releasesDir, api, version)) === JSON.stringify(bundle);
      const onlyRelease = listReleases(releasesDir, api).join() === version;
      if (same) actions.push({ api, version, action: 'unchanged' });
      else if (retakeFirst && onlyRelease) actions.push({ api, version, action: 'first', retaken: true, text, lines: entryLines(bundle, null) });
      else problems.push(`${api}: ${version} is already released with other content; raise info.version in openapi/${api}/openapi.yaml${onlyRelease ? ' (or, while nobody depends on it yet, retake this first release with --retake-first)' : ''}`);
      continue;
    }
    if (!last) {
      actions.push({ api, version, action: 'first', text, lines: entryLines(bundle, null) });
      continue;
    }
    const { changes, verdict } = await compareApi(api, last, bundle);
    if (verdict.release.length) problems.push(...verdict.release);
    else actions.push({ api, version, action: 'release', text, lines: entryLines(bundle, changes), from: last.version });
  }
  return { actions, problems };
}

/** Writes the snapshots and changelog entries of a plan without problems. */
export function applyRelease(plan, { releasesDir = RELEASES_DIR, changelog = CHANGELOG, date = new Date().toISOString().slice(0, 10) } = {}) {
  if (plan.problems.length) throw new Error(`nothing released:\n  ${plan.problems.join('\n  ')}`);
  const written = plan.actions.filter((a) => a.action !== 'unchanged');
  for (const action of written) writeRelease(releasesDir, action.api, action.version, action.text);
  if (written.length) {
    const text = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '';
    writeFileSync(changelog, updateChangelog(text, written.map((a) => ({ ...a, date }))));
  }
  return written;
}
