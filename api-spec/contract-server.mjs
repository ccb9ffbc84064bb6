#!/usr/bin/env node
// Serves contract checks (see contract.mjs) on a Unix socket, for the suite's test processes:
// the document is read and its schemas compiled once, not in each of hundreds of processes.
//
//   node contract-server.mjs openapi.json SOCKET
//
// Protocol: on each connection, one exchange per line as JSON (see check-exchanges.mjs); one
// answer line {"violations": [...]} per exchange, in order. Prints "ready" once it listens;
// SIGTERM or SIGINT closes it and removes the socket.
import { createServer } from "node:net";
import { rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { loadContract } from "./contract.mjs";

if (process.argv.length !== 4) {
  console.error("usage: node contract-server.mjs openapi.json SOCKET");
  process.exit(2);
}
const [documentPath, socketPath] = process.argv.slice(2);
const check = await loadContract(documentPath);
rmSync(socketPath, { force: true }); // left by a server that was killed
const server = createServer((connection) => {
  connection.on("error", () => connection.destroy()); // a test process that died mid-line
  const lines = createInterface({ input: connection, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let violations;
    try {
      violations = check(JSON.parse(line));
    } catch (e) {
      violations = [`the exchange could not be checked: ${e.message}`];
    }
    connection.write(JSON.stringify({ violations }) + "\n");
  });
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.listen(socketPath, () => console.log("ready"));
