// The published contract held against what the server really sends: one HTTP exchange (a request
// the suite sent and the answer it got) checked against openapi.json.
//
//   const check = await loadContract("openapi.json");
//   check({method, target, requestContentType, requestBody, status, contentType, body})
//     -> [] or ["GET /v1/customers/{customer-id} (getCustomer) → 200: /id must match format …", …]
//
// A response must have a status documented for its operation (or `default`), a content type the
// operation documents for that status, and a body that validates: types, formats, required
// properties, and no property the document does not name — every object schema without an
// `additionalProperties` of its own is held closed, so that a field added to the server but not
// to the document fails here. A request body the server accepted (2xx) must validate against the
// operation's request schema; one it refused (4xx) was bad input, sent on purpose by a test that
// asserts the refusal, and is not checked.
//
// Paths outside /v1 that the document does not describe (the portal's files) are not checked; a
// /v1 path it does not describe is a violation unless the server answered 404 or 405.
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

// allOf members merged into one object schema (properties and required lists joined), so that
// the merged schema can be closed: closing each member apart would refuse the others' fields.
function mergeAllOf(schema) {
  const members = schema.allOf;
  if (!members.every((m) => m && (m.type === "object" || m.properties))) return;
  const merged = { type: "object", properties: {}, required: [] };
  for (const member of members) {
    Object.assign(merged.properties, member.properties ?? {});
    merged.required.push(...(member.required ?? []));
    if (member.additionalProperties !== undefined) {
      merged.additionalProperties = member.additionalProperties;
    }
  }
  delete schema.allOf;
  Object.assign(schema, merged, { required: [...new Set(merged.required)] });
}

// Closes every object schema of the dereferenced document that leaves additionalProperties
// open by omission. Shared (dereferenced) schemas are visited once.
function closeObjects(node, seen = new WeakSet()) {
  if (!node || typeof node !== "object" || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item, seen);
    return;
  }
  for (const value of Object.values(node)) closeObjects(value, seen);
  if (Array.isArray(node.allOf)) mergeAllOf(node);
  const isObject = node.type === "object" || (node.properties && !node.type);
  if (isObject && node.properties && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
}

// A request body with its property names spelled as the schema spells them. The API matches
// property names without regard to ASCII case, as Partner Center does (its SDK sends PascalCase),
// which JSON Schema cannot say: a name that differs from a documented one only in case is
// renamed before validation. One name given twice in two casings is left for the server to
// refuse.
function documentedCase(schema, data) {
  if (Array.isArray(data)) return data.map((item) => documentedCase(schema?.items, item));
  if (!data || typeof data !== "object" || !schema?.properties) return data;
  const byLower = new Map(Object.keys(schema.properties).map((k) => [k.toLowerCase(), k]));
  const out = {};
  for (const [key, value] of Object.entries(data)) {
    const name = schema.properties[key] ? key : (byLower.get(key.toLowerCase()) ?? key);
    if (name in out) return data;
    out[name] = documentedCase(schema.properties[name], value);
  }
  return out;
}

// "/v1/customers/{customer-id}/users" -> matcher of a concrete path; literal segments count, so
// that `/v1/migrations/plan` wins over `/v1/migrations/{id}`.
function pathMatcher(template) {
  const segments = template.split("/");
  return (path) => {
    const parts = path.split("/");
    if (parts.length !== segments.length) return -1;
    let literal = 0;
    for (let i = 0; i < parts.length; i++) {
      if (/^\{[^}]+\}$/.test(segments[i])) {
        if (parts[i] === "") return -1;
      } else if (segments[i] === parts[i]) {
        literal++;
      } else {
        return -1;
      }
    }
    return literal;
  };
}

const mediaType = (header) => (header ?? "").split(";")[0].trim().toLowerCase();

function describe(method, template, operation) {
  const id = operation?.operationId ? ` (${operation.operationId})` : "";
  return `${method.toUpperCase()} ${template}${id}`;
}

function errorLines(prefix, errors) {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || "/";
    const extra =
      e.keyword === "additionalProperties"
        ? `: ${e.params.additionalProperty}`
        : e.keyword === "enum"
          ? `: ${JSON.stringify(e.params.allowedValues)}`
          : "";
    return `${prefix}: ${where} ${e.message}${extra}`;
  });
}

export async function loadContract(documentPath) {
  const doc = await SwaggerParser.dereference(documentPath);
  closeObjects(doc);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const compiled = new WeakMap();
  const validator = (schema) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
    return compiled.get(schema);
  };
  const routes = Object.entries(doc.paths).map(([template, item]) => ({
    template,
    item,
    match: pathMatcher(template),
  }));

  return function check(exchange) {
    const method = exchange.method.toLowerCase();
    const path = new URL(exchange.target, "http://127.0.0.1").pathname;
    let best = null;
    for (const route of routes) {
      const score = route.match(path);
      if (score >= 0 && (!best || score > best.score)) best = { ...route, score };
    }
    if (!best) {
      if (!path.startsWith("/v1/") || [404, 405].includes(exchange.status)) return [];
      return [`${method.toUpperCase()} ${path} → ${exchange.status}: not in the document`];
    }
    const operation = best.item[method] ?? (method === "head" ? best.item.get : undefined);
    const name = describe(method, best.template, operation);
    if (!operation) {
      if (exchange.status === 405) return [];
      return [`${name} → ${exchange.status}: the document has no such operation`];
    }
    const violations = [];
    const status = String(exchange.status);
    const response =
      operation.responses[status] ??
      operation.responses[`${status[0]}XX`] ??
      operation.responses.default;
    if (!response) {
      violations.push(`${name} → ${status}: status not documented for the operation`);
    } else if (method !== "head") {
      const content = response.content ?? {};
      const type = mediaType(exchange.contentType);
      if (Object.keys(content).length === 0) {
        if (exchange.body) violations.push(`${name} → ${status}: a body the document does not describe`);
      } else if (!content[type]) {
        violations.push(
          `${name} → ${status}: content type "${type}", documented: ${Object.keys(content).join(", ")}`,
        );
      } else if (type === "application/json" && content[type].schema) {
        let body;
        try {
          body = JSON.parse(exchange.body);
        } catch (e) {
          violations.push(`${name} → ${status}: the body is not JSON: ${e.message}`);
        }
        if (body !== undefined) {
          const validate = validator(content[type].schema);
          if (!validate(body)) violations.push(...errorLines(`${name} → ${status}`, validate.errors));
        }
      }
    }
    const requestSchema =
      operation.requestBody?.content?.[mediaType(exchange.requestContentType)]?.schema;
    if (exchange.status >= 200 && exchange.status < 300 && exchange.requestBody && requestSchema) {
      let body;
      try {
        body = JSON.parse(exchange.requestBody);
      } catch {
        body = undefined; // a non-JSON body the server accepted: the response check covers it
      }
      if (body !== undefined) {
        const validate = validator(requestSchema);
        if (!validate(documentedCase(requestSchema, body))) violations.push(...errorLines(`${name} request`, validate.errors));
      }
    }
    return violations;
  };
}
