/**
 * The fan-out subscriber of `npm run bench:relay`, run as its own process (as the load generator is), so the relay's
 * event loop never also runs the subscriber's HTTP server: a subscriber is another service. It answers 200 to every
 * POST and keeps each delivery's latency, relay receipt → arrival (the event's receivedAt; one machine, one clock).
 * Over IPC: it sends { port } once listening; to 'count' it answers { count }, to 'latencies' { latencies }.
 * Usage: tsx bench/relay-subscriber.ts (spawned with an IPC channel)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const latencies: number[] = [];
const RECEIVED_AT = /"receivedAt":"([^"]+)"/;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const receivedAt = RECEIVED_AT.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
    if (receivedAt) latencies.push(Date.now() - Date.parse(receivedAt));
    res.writeHead(200).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (m) => {
  if (m === 'count') process.send!({ count: latencies.length });
  else if (m === 'latencies') process.send!({ latencies });
});
process.on('disconnect', () => process.exit(0));
