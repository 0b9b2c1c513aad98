/**
 * The floor for bench/gateway.ts: the least any HTTP proxy in Node can add on this machine. It
 * forwards each request to the stub over a keep-alive connection and pipes the answer back, with
 * no auth, routing, parsing or metering. Run as its own process (like Atrium) by the bench, which
 * reads the port from IPC.
 */
import { Agent, createServer, request } from "node:http";

const target = new URL(process.env.BENCH_STUB_URL);
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
const server = createServer((req, res) => {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${req.url.replace(/^\/v1/, "")}`, headers: { "content-type": "application/json" }, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
});
server.listen(0, "127.0.0.1", () => process.send({ type: "ready", port: server.address().port }));
process.on("message", (m) => m?.type === "exit" && process.exit(0));
