// Spectral function: `nullable: true` must sit on the schema that carries the `type`.
//
// In OpenAPI 3.0 `nullable` only widens the `type` of the schema object it is written in. Two
// spellings therefore look nullable but refuse `null` in every validator:
//   - `nullable` beside a `$ref`: siblings of a `$ref` are ignored, so the flag is dropped;
//   - `nullable: true` on a schema whose `allOf` member declares its own `type` without being
//     nullable: the member still refuses `null`, and allOf needs every member to pass.
//
// Spectral resolves `$ref`s before running a rule, which drops `$ref` siblings. So for every node
// of the resolved document this looks up the node as written (the parent's source location, then
// the child key) and inspects that.
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The node as written in its source file, and where: `file#/pointer`. */
function writtenNode(context) {
  const { path, documentInventory } = context;
  if (path.length === 0) return {};
  const parent = documentInventory.findAssociatedItemForPath(path.slice(0, -1), true);
  if (!parent) return {};
  const key = path[path.length - 1];
  let node = parent.document.data;
  for (const step of parent.path) node = node?.[step];
  const file = String(parent.document.source ?? '').split('/').slice(-2).join('/');
  return { node: node?.[key], where: `${file}#/${[...parent.path, key].join('/')}` };
}

export default function nullableReachesType(target, _options, context) {
  if (!isObject(target)) return [];
  const results = [];
  const { node: written, where } = writtenNode(context);
  if (isObject(written) && '$ref' in written && 'nullable' in written) {
    results.push({
      message: `${where}: \`nullable\` beside \`$ref: ${written.$ref}\` is ignored in OpenAPI 3.0; put \`nullable: true\` in the schema that has the \`type\`.`,
    });
  }
  if (target.nullable === true && Array.isArray(target.allOf)) {
    target.allOf.forEach((member, index) => {
      if (isObject(member) && 'type' in member && member.nullable !== true) {
        results.push({
          message: `\`nullable: true\` does not reach into \`allOf\`: member ${index} has \`type: ${member.type}\` and refuses null; make that schema nullable (or drop its \`type\`).`,
        });
      }
    });
  }
  return results;
}
