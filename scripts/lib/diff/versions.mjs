// The version policy, as code: a description's info.version is MAJOR.MINOR.PATCH; a breaking
// change needs a new major, any other change to what is sent or received a new minor, a change to
// documentation or examples alone a new patch.
const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

export function parseVersion(api, version) {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(String(version ?? ''));
  if (!match) {
    throw new Error(`${api}: info.version is ${JSON.stringify(version)}; it must be a semantic version MAJOR.MINOR.PATCH, for example 1.0.0`);
  }
  return match.slice(1).map(Number);
}

export function compareVersions(a, b) {
  const [x, y] = [parseVersion('version', a), parseVersion('version', b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** How `to` differs from `from`: major, minor, patch, none, or lower (a step back). */
export function bumpOf(api, from, to) {
  const [a, b] = [parseVersion(api, from), parseVersion(api, to)];
  if (compareVersions(from, to) > 0) return 'lower';
  if (b[0] > a[0]) return 'major';
  if (b[1] > a[1]) return 'minor';
  return b[2] > a[2] ? 'patch' : 'none';
}

/** The smallest bump the policy asks for, given the classified changes. */
export function neededBump(changes) {
  if (changes.some((c) => c.breaking)) return 'major';
  if (changes.some((c) => c.kind !== 'docs')) return 'minor';
  return changes.length ? 'patch' : 'none';
}

/**
 * Judges one API's version against its changes. `gate` problems fail `npm run diff` and `npm test`
 * (a breaking change without a new major); `release` problems also stop `npm run release`
 * (any bump smaller than the policy asks for, or a version going back).
 */
export function assess(api, fromVersion, toVersion, changes) {
  const bump = bumpOf(api, fromVersion, toVersion);
  const needed = neededBump(changes);
  const gate = [];
  const release = [];
  if (needed === 'major' && bump !== 'major') {
    gate.push(`${api}: breaking changes need a new major version, but info.version goes ${fromVersion} → ${toVersion} (${bump})`);
  }
  if (bump === 'lower') release.push(`${api}: info.version goes back from ${fromVersion} to ${toVersion}`);
  else if (RANK[bump] < RANK[needed] && needed !== 'major') {
    release.push(`${api}: these changes need at least a ${needed} bump, but info.version goes ${fromVersion} → ${toVersion} (${bump})`);
  }
  return { api, from: fromVersion, to: toVersion, bump, needed, gate, release: [...gate, ...release] };
}
