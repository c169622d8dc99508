// The gate's report: one line per change (API, verdict, JSON pointer, what and why, who judged),
// documentation-only changes folded into one line per API unless asked for.

export function verdictLabel(change) {
  if (change.kind === 'docs') return 'docs';
  return change.breaking ? 'BREAKING' : 'compatible';
}

export function formatChange(api, change) {
  return `${api}  ${verdictLabel(change).padEnd(10)}  ${change.pointer}  ${change.what}: ${change.why} [${change.by}]`;
}

/** Breaking lines first, then compatible ones, then documentation (folded unless `verbose`). */
export function formatChanges(api, changes, { verbose = false } = {}) {
  const order = { BREAKING: 0, compatible: 1, docs: 2 };
  const sorted = [...changes].sort((a, b) => order[verdictLabel(a)] - order[verdictLabel(b)]);
  const docs = sorted.filter((c) => c.kind === 'docs');
  const lines = sorted.filter((c) => verbose || c.kind !== 'docs').map((c) => formatChange(api, c));
  if (!verbose && docs.length) {
    lines.push(`${api}  docs        ${docs.length} documentation or example change(s), first at ${docs[0].pointer} (--verbose lists them)`);
  }
  return lines;
}

export function formatSummary(verdict, counts) {
  const status = verdict.gate.length ? 'FAIL' : 'ok';
  return `${verdict.api}: ${counts.breaking} breaking, ${counts.compatible} compatible, ${counts.docs} docs; `
    + `info.version ${verdict.from} → ${verdict.to} (${verdict.bump}), policy needs ${verdict.needed} → ${status}`;
}

export function countChanges(changes) {
  const counts = { breaking: 0, compatible: 0, docs: 0 };
  for (const change of changes) {
    const label = verdictLabel(change);
    counts[label === 'BREAKING' ? 'breaking' : label] += 1;
  }
  return counts;
}
