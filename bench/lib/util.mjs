// Small helpers the benchmark sections share.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A module of the compiled client (`<clientDir>/<file>`), as the packed package ships it. */
export function importClient(clientDir, file) {
  return import(pathToFileURL(join(clientDir, file)).href);
}
