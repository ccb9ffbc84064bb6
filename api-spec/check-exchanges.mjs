#!/usr/bin/env node
// Checks HTTP exchanges against the OpenAPI document (see contract.mjs), one per line.
//
//   node check-exchanges.mjs openapi.json < exchanges.jsonl
//
// Each input line is one exchange as JSON ({method, target, requestContentType, requestBody,
// status, contentType, body}); for each, one line is written at once: {"violations": [...]}.
// The C++ HTTP tests keep one of these running and ask it about every answer they receive; the
// shell tests pipe the exchanges they recorded through it. Exit status 0, or 2 when the document
// cannot be read.
import { createInterface } from "node:readline";
import { loadContract } from "./contract.mjs";

if (process.argv.length !== 3) {
  console.error("usage: node check-exchanges.mjs openapi.json < exchanges.jsonl");
  process.exit(2);
}
let check;
try {
  check = await loadContract(process.argv[2]);
} catch (e) {
  console.error(`check-exchanges.mjs: ${e.message}`);
  process.exit(2);
}
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  let violations;
  try {
    violations = check(JSON.parse(line));
  } catch (e) {
    violations = [`the exchange could not be checked: ${e.message}`];
  }
  process.stdout.write(JSON.stringify({ violations }) + "\n");
}
