#!/bin/bash
# lint-openapi.sh: check docs/openapi.yaml, exit non-zero on any problem.
#  1. It is a valid OpenAPI 3.1 document and every $ref in it resolves
#     (@seriousme/openapi-schema-validator, pinned by tests/openapi/package-lock.json).
#  2. Every operation has an operationId (unique), a summary, known tags and a 2xx answer, and
#     declares each {parameter} of its path.
#  3. Every example in it (parameters, bodies, answers, headers, schemas) matches its own schema.
#  4. Its operations are exactly the routes registered in src/ (the {"METHOD", "/path", ...}
#     route tables), so that the description and the server cannot drift apart.
#  5. Every schema marked `x-limit: KEY` states the server's limit KEY (`bin/linli limits`, the
#     same as GET /api/v1/limits), and every limit is marked somewhere.
# Installs its npm packages with `npm ci` into tests/openapi/node_modules when the lock file is
# newer than them; quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
SPEC=docs/openapi.yaml
DIR=tests/openapi
export LC_ALL=C   # one sort order for sort and comm

. scripts/node-env.sh || exit 1
[ -f "$SPEC" ] || { echo "lint-openapi: $SPEC is missing" >&2; exit 1; }

# 1. The validator: skipped when node_modules is newer than the lock file.
if [ ! -d "$DIR/node_modules" ] || [ "$DIR/package-lock.json" -nt "$DIR/node_modules" ]; then
  echo "lint-openapi: npm ci"
  linli_npm_ci "$DIR" --loglevel=error
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 2. The document itself; prints its operations as "METHOD /path", one a line.
js=$(cat <<'EOF'
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const text = readFileSync(process.argv[1], "utf8");
const file = process.argv[2];
const problems = [];
const fail = (where, msg) => problems.push(`${where}: ${msg}`);

const validator = new Validator();
const res = await validator.validate(text);
if (!res.valid) {
  console.error(`lint-openapi: ${file} is not a valid OpenAPI document:`);
  console.error(JSON.stringify(res.errors, null, 2));
  process.exit(1);
}
if (validator.version !== "3.1") fail(file, `OpenAPI ${validator.version}, expected 3.1`);

const spec = YAML.parse(text);
const ptr = (parts) => "#/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const at = (pointer) =>
  pointer.slice(2).split("/").filter((s) => s !== "").reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
// Follow a local $ref; returns [object, its JSON pointer].
const deref = (obj, where) => {
  for (let n = 0; obj && typeof obj === "object" && typeof obj.$ref === "string" && n < 20; n++) {
    where = obj.$ref;
    obj = at(where);
  }
  return [obj, where];
};

// Examples are checked by pointing Ajv at the schema's place inside the whole document.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
for (const f of ["int32", "int64", "float", "double", "password"]) ajv.addFormat(f, true);
ajv.addSchema({ ...spec, $id: "spec.json" });
const checkExample = (schemaPtr, value, where) => {
  let validate;
  try {
    validate = ajv.getSchema("spec.json" + schemaPtr);
  } catch (e) {
    return fail(where, `cannot compile the schema at ${schemaPtr}: ${e.message}`);
  }
  if (!validate) return fail(where, `no schema at ${schemaPtr}`);
  if (!validate(value)) fail(where, "example does not match its schema: " + ajv.errorsText(validate.errors));
};
// A parameter, header or media type: its example(s) against its schema.
const checkHolder = (obj, where) => {
  const [o, p] = deref(obj, where);
  if (!o || !o.schema) return;
  const sp = p + "/schema";
  if ("example" in o) checkExample(sp, o.example, `${p}/example`);
  for (const [name, ex] of Object.entries(o.examples || {})) {
    const [e, ep] = deref(ex, `${p}/examples/${name}`);
    if (e && "value" in e) checkExample(sp, e.value, ep);
  }
};
const checkContent = (content, where) => {
  for (const [type, media] of Object.entries(content || {})) checkHolder(media, `${where}/content/${ptr([type]).slice(2)}`);
};

const tagNames = new Set((spec.tags || []).map((t) => t.name));
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const seenIds = new Map();
const ops = [];
for (const [path, item] of Object.entries(spec.paths || {})) {
  const ip = ptr(["paths", path]);
  const pathParams = (item.parameters || []).map((x, i) => deref(x, `${ip}/parameters/${i}`));
  pathParams.forEach(([, p]) => checkHolder({ $ref: p }, p));
  for (const m of methods) {
    const op = item[m];
    if (!op) continue;
    const where = `${m.toUpperCase()} ${path}`;
    const op_ = `${ip}/${m}`;
    ops.push(where);
    if (!op.operationId) fail(where, "no operationId");
    else if (seenIds.has(op.operationId)) fail(where, `operationId ${op.operationId} also used by ${seenIds.get(op.operationId)}`);
    else seenIds.set(op.operationId, where);
    if (!op.summary) fail(where, "no summary");
    if (!op.tags?.length) fail(where, "no tags");
    for (const t of op.tags || []) if (!tagNames.has(t)) fail(where, `tag ${t} is not declared at the top`);
    const codes = Object.keys(op.responses || {});
    if (!codes.some((c) => /^2/.test(c))) fail(where, "no 2xx answer");
    const opParams = (op.parameters || []).map((x, i) => deref(x, `${op_}/parameters/${i}`));
    opParams.forEach(([, p]) => checkHolder({ $ref: p }, p));
    const declared = new Set([...pathParams, ...opParams].filter(([p]) => p?.in === "path").map(([p]) => p.name));
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g))
      if (!declared.has(name)) fail(where, `path parameter {${name}} is not declared`);
    if (op.requestBody) {
      const [rb, rp] = deref(op.requestBody, `${op_}/requestBody`);
      checkContent(rb?.content, rp);
    }
    for (const code of codes) {
      const [r, rp] = deref(op.responses[code], `${op_}/responses/${code}`);
      if (!r) { fail(where, `answer ${code} does not resolve`); continue; }
      if (/^[45]/.test(code) && r.content && !JSON.stringify(r.content).includes("#/components/schemas/Error"))
        fail(where, `answer ${code} does not use the Error schema`);
      checkContent(r.content, rp);
      for (const h of Object.keys(r.headers || {})) checkHolder(r.headers[h], `${rp}/headers/${h}`);
    }
  }
}
// Components not reached above: every response, header and schema example.
const comp = spec.components || {};
for (const name of Object.keys(comp.responses || {})) {
  const rp = ptr(["components", "responses", name]);
  checkContent(comp.responses[name].content, rp);
  for (const h of Object.keys(comp.responses[name].headers || {})) checkHolder(comp.responses[name].headers[h], `${rp}/headers/${h}`);
}
for (const name of Object.keys(comp.headers || {})) checkHolder(comp.headers[name], ptr(["components", "headers", name]));
for (const name of Object.keys(comp.parameters || {})) checkHolder(comp.parameters[name], ptr(["components", "parameters", name]));
for (const name of Object.keys(comp.requestBodies || {})) checkContent(comp.requestBodies[name].content, ptr(["components", "requestBodies", name]));
for (const name of Object.keys(comp.schemas || {})) {
  const sp = ptr(["components", "schemas", name]);
  (comp.schemas[name].examples || []).forEach((ex, i) => checkExample(sp, ex, `${sp}/examples/${i}`));
}

// The bounds of fields: every schema marked `x-limit: KEY` states exactly the server's limit
// KEY (from `linli limits`), and every limit of the server is stated somewhere.
const limits = JSON.parse(readFileSync(process.argv[3], "utf8"));
const stated = new Set();
const walk = (node, where) => {
  if (!node || typeof node !== "object") return;
  if (typeof node["x-limit"] === "string") {
    const key = node["x-limit"], l = limits[key];
    stated.add(key);
    if (!l) fail(where, `x-limit ${key} is not a limit of the server (linli limits)`);
    else if (l.type === "string") {
      if (node.type !== "string") fail(where, `${key} is a string`);
      if (l.pattern ? node.pattern !== l.pattern : node.minLength !== l.min || node.maxLength !== l.max)
        fail(where, `${key}: the server allows ${l.pattern || `${l.min}..${l.max} characters`}, the description says ${node.pattern || `${node.minLength}..${node.maxLength}`}`);
    } else if (node.minimum !== l.min || node.maximum !== l.max)
      fail(where, `${key}: the server allows ${l.min}..${l.max}, the description says ${node.minimum}..${node.maximum}`);
  }
  for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
};
walk(spec, "#");
for (const key of Object.keys(limits)) if (!stated.has(key)) fail(file, `the server's limit ${key} is marked nowhere (x-limit: ${key})`);

console.log(ops.join("\n"));
if (problems.length) {
  console.error(`lint-openapi: ${problems.length} problem(s) in ${file}:`);
  for (const p of problems) console.error("  " + p);
  process.exitCode = 1;
}
EOF
)
# The server's own limits, to compare with the description's.
LINLI=${LINLI_BIN:-bin/linli}
if [ ! -x "$LINLI" ]; then
  echo "lint-openapi: $LINLI not found (make builds it); it states the limits to check" >&2
  exit 1
fi
"$LINLI" limits > "$tmp/limits.json" || { echo "lint-openapi: $LINLI limits failed" >&2; exit 1; }
rc=0
(cd "$DIR" && node --input-type=module -e "$js" "../../$SPEC" "$SPEC" "$tmp/limits.json") > "$tmp/spec" || rc=1
if [ ! -s "$tmp/spec" ]; then
  echo "lint-openapi: FAILED" >&2
  exit 1
fi

# 3. The routes the server registers, "METHOD /path" as in the spec.
grep -rhoE --include='*.c' '\{"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)", *"/[^"]*"' src \
  | sed -E 's/^\{"([A-Z]+)", *"([^"]*)"$/\1 \2/' | sort -u > "$tmp/routes"
sort -u "$tmp/spec" > "$tmp/spec.sorted"
nroutes=$(wc -l < "$tmp/routes")
if [ "$nroutes" -eq 0 ]; then
  echo "lint-openapi: found no route tables in src/ (did their form change?)" >&2
  exit 1
fi
missing=$(comm -23 "$tmp/routes" "$tmp/spec.sorted")
extra=$(comm -13 "$tmp/routes" "$tmp/spec.sorted")
if [ -n "$missing" ]; then
  echo "lint-openapi: routes registered in src/ but missing from $SPEC:" >&2
  sed 's/^/  /' <<<"$missing" >&2
  rc=1
fi
if [ -n "$extra" ]; then
  echo "lint-openapi: operations in $SPEC that no route in src/ serves:" >&2
  sed 's/^/  /' <<<"$extra" >&2
  rc=1
fi
if ((rc)); then
  echo "lint-openapi: FAILED" >&2
  exit 1
fi
echo "lint-openapi: $SPEC ok: valid OpenAPI 3.1, examples match their schemas, $(wc -l < "$tmp/spec.sorted") operations = $nroutes routes in src/"
