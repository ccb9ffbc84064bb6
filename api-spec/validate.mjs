#!/usr/bin/env node
// Validates the seatshift OpenAPI description.
//
//   node validate.mjs openapi.json [routes.txt]
//
// 1. The document must pass SwaggerParser.validate (OpenAPI schema and $refs); in addition every
//    operation must have a unique operationId, a summary and at least one tag, and every `{param}`
//    of a path must be declared as a required path parameter (and no other path parameter).
// 2. With routes.txt (lines `METHOD /path/{param}`; blank lines and `#` comments ignored), the
//    document's operations must be exactly those routes: every route missing from the document
//    and every document operation missing from routes.txt is reported. Paths are compared
//    exactly, parameter names included.
//
// Exit status: 0 when all is well (one summary line on stdout), 1 on any failure (messages on
// stderr), 2 on a usage error.
import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function usage(message) {
  if (message) console.error(`validate.mjs: ${message}`);
  console.error("usage: node validate.mjs openapi.json [routes.txt]");
  process.exit(2);
}

function fail(lines) {
  for (const line of lines) console.error(line);
  process.exit(1);
}

// `/v1/customers/{customerId}` -> `/v1/customers/{}`, to hint at parameter-name mismatches.
const shape = (path) => path.replace(/\{[^}/]*\}/g, "{}");

function documentOperations(doc) {
  const operations = new Map(); // "METHOD /path" -> operation object
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item && item[method]) operations.set(`${method.toUpperCase()} ${path}`, item[method]);
    }
  }
  return operations;
}

function readRoutes(file) {
  const routes = new Map(); // "METHOD /path" -> line number
  const problems = [];
  const text = readFileSync(file, "utf8");
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const match = /^([A-Za-z]+)\s+(\/\S*)$/.exec(line);
    if (!match || !HTTP_METHODS.includes(match[1].toLowerCase())) {
      problems.push(`${file}:${index + 1}: expected "METHOD /path", got "${raw.trim()}"`);
      return;
    }
    const key = `${match[1].toUpperCase()} ${match[2]}`;
    if (!routes.has(key)) routes.set(key, index + 1);
  });
  return { routes, problems };
}

async function main() {
  const [docFile, routesFile, ...rest] = process.argv.slice(2);
  if (!docFile || rest.length) usage(docFile ? "too many arguments" : "missing openapi.json argument");

  let doc;
  try {
    doc = JSON.parse(readFileSync(docFile, "utf8"));
  } catch (error) {
    fail([`${docFile}: cannot read JSON: ${error.message}`]);
  }

  // SwaggerParser dereferences the object it is given, so hand it a copy.
  let api;
  try {
    api = await SwaggerParser.validate(structuredClone(doc));
  } catch (error) {
    fail([`${docFile}: invalid OpenAPI document:`, String(error.message ?? error)]);
  }

  const operations = documentOperations(doc);
  const failures = [];
  const operationIds = new Map();
  for (const [route, operation] of operations) {
    const missing = ["operationId", "summary"].filter((field) => !operation[field]);
    if (!Array.isArray(operation.tags) || operation.tags.length === 0) missing.push("tags");
    if (missing.length) failures.push(`${route}: missing ${missing.join(", ")}`);
    if (operation.operationId) {
      if (operationIds.has(operation.operationId))
        failures.push(`${route}: operationId "${operation.operationId}" also used by ${operationIds.get(operation.operationId)}`);
      else operationIds.set(operation.operationId, route);
    }
  }
  // Path templates and path parameters must agree (SwaggerParser checks this for Swagger 2.0 only).
  for (const [route, operation] of documentOperations(api)) {
    const path = route.slice(route.indexOf(" ") + 1);
    const inTemplate = [...path.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]);
    const declared = new Map();
    for (const p of [...(api.paths[path].parameters ?? []), ...(operation.parameters ?? [])]) {
      if (p && p.in === "path") declared.set(p.name, p);
    }
    for (const name of inTemplate) {
      if (!declared.has(name)) failures.push(`${route}: path parameter {${name}} is not declared`);
      else if (declared.get(name).required !== true) failures.push(`${route}: path parameter {${name}} must be required`);
    }
    for (const name of declared.keys()) {
      if (!inTemplate.includes(name)) failures.push(`${route}: path parameter "${name}" is not in the path`);
    }
  }

  let routeNote = "";
  if (routesFile) {
    let parsed;
    try {
      parsed = readRoutes(routesFile);
    } catch (error) {
      fail([`${routesFile}: cannot read: ${error.message}`]);
    }
    failures.push(...parsed.problems);
    const documented = [...operations.keys()];
    const byShape = (keys) => new Map(keys.map((k) => [shape(k), k]));
    const documentedShapes = byShape(documented);
    const routeShapes = byShape([...parsed.routes.keys()]);
    for (const route of parsed.routes.keys()) {
      if (operations.has(route)) continue;
      const near = documentedShapes.get(shape(route));
      failures.push(
        `route missing from ${docFile}: ${route}` + (near ? ` (the document has ${near}: parameter names differ)` : ""),
      );
    }
    for (const route of documented) {
      if (parsed.routes.has(route)) continue;
      const near = routeShapes.get(shape(route));
      failures.push(
        `operation not in ${routesFile}: ${route}` + (near ? ` (${routesFile} has ${near}: parameter names differ)` : ""),
      );
    }
    routeNote = `; matches ${routesFile} (${parsed.routes.size} routes)`;
  }

  if (failures.length) fail([`${docFile}: ${failures.length} problem(s):`, ...failures.map((f) => `  ${f}`)]);

  const pathCount = Object.keys(doc.paths ?? {}).length;
  console.log(
    `OK ${docFile}: OpenAPI ${doc.openapi ?? doc.swagger} "${doc.info?.title}" ${doc.info?.version}, ` +
      `${pathCount} paths, ${operations.size} operations valid${routeNote}`,
  );
}

main().catch((error) => fail([`validate.mjs: ${error.stack ?? error}`]));
