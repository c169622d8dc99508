// Generated TypeScript types, one file per API, from the published bundle (so the types describe
// exactly what other teams download). Options come from each API's `x-openapi-ts` entry in
// redocly.yaml. We call openapi-typescript's API rather than its CLI: the CLI re-lints the
// multi-file sources with its own older Redocly core (1.34), whose example validator cannot
// follow nested cross-file $refs (it fails on the vbs fault schemas); our own lint runs on
// Redocly CLI 2 before this step anyway.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import openapiTS, { astToString, COMMENT_HEADER, NEVER, NULL, NUMBER, STRING, tsIntersection, tsLiteral, tsUnion } from 'openapi-typescript';
import { APIS, ROOT, API_CONFIG } from './project.mjs';

const camel = (key) => key.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/**
 * openapi-typescript's per-schema hook, for the two vendor extensions our descriptions use:
 * - `x-extensible-enum` (open response enums): the known values plus `(string & {})` (or
 *   `(number & {})`), so editors still offer the known values while any other value type-checks;
 * - `x-wire-only: true` marks an `anyOf` alternative that only describes what the server also
 *   accepts on the wire (Cinder's `with_count=yes`); typed callers never send it, so it adds
 *   nothing to the type (`boolean | never` is `boolean`).
 * openapi-typescript adds `| null` itself for a nullable schema, but not where it uses the hook's
 * result for a property directly, so `null` is added here too (the union is deduplicated).
 */
export function transformSchema(schema) {
  if (schema['x-wire-only'] === true) return NEVER;
  const known = schema['x-extensible-enum'];
  if (!Array.isArray(known)) return undefined;
  const base = schema.type === 'string' ? STRING : NUMBER;
  const anyOther = tsIntersection([base, ts.factory.createTypeLiteralNode([])]);
  return tsUnion([...known.map((value) => tsLiteral(value)), anyOther, ...(schema.nullable ? [NULL] : [])]);
}

/** Drops the `never` members a wire-only alternative leaves in a union (`boolean | never` → `boolean`). */
export function postTransformType(type) {
  if (!ts.isUnionTypeNode(type)) return undefined;
  const kept = type.types.filter((member) => member.kind !== ts.SyntaxKind.NeverKeyword);
  if (kept.length === type.types.length || kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : tsUnion(kept);
}

/** The generated source for one API from the bundle `<bundleDir>/<api>.yaml`. */
export async function renderTypes(apiId, bundleDir) {
  const { output, ...flags } = API_CONFIG[apiId]['x-openapi-ts'];
  const options = Object.fromEntries(Object.entries(flags).map(([k, v]) => [camel(k), v]));
  const ast = await openapiTS(pathToFileURL(join(bundleDir, `${apiId}.yaml`)), { ...options, transform: transformSchema, postTransform: postTransformType, silent: true });
  return { output: join(ROOT, output), source: COMMENT_HEADER + astToString(ast) };
}

/** Writes generated/types/<api>.ts for every API, or with `check` lists the ones that differ. */
export async function generateTypes(bundleDir, { check = false } = {}) {
  const stale = [];
  for (const api of APIS) {
    const { output, source } = await renderTypes(api.id, bundleDir);
    if (check) {
      const current = await readFile(output, 'utf8').catch(() => null);
      if (current !== source) stale.push(output.slice(ROOT.length));
    } else {
      await mkdir(join(output, '..'), { recursive: true });
      await writeFile(output, source);
    }
  }
  if (stale.length) throw new Error(`stale or missing: ${stale.join(', ')}. Run \`npm run build\` and commit generated/.`);
}
