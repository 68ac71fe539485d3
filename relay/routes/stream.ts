import type { FastifyInstance } from 'fastify';
import type { RelayChange } from '../../shared';
import type { RouteContext } from './context';
import { route } from './route';

const HEARTBEAT_MS = 15_000;

const frame = (change: RelayChange) => `event: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`;

/**
 * GET /stream — the change feed as Server-Sent Events. It authenticates like every management route,
 * with the Authorization header, so browsers read it with fetch() streaming (EventSource cannot send
 * headers, and the key never goes into a URL).
 */
export function streamRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    ctx.changes.stop();
    done();
  });

  route(app, 'stream', ctx.management, async ({ reply }) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    let closed = false;
    let unsubscribe = () => undefined as void;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      res.end();
    };
    open.add(end);
    res.on('close', end);
    let stop: () => void;
    try {
      stop = await ctx.changes.subscribe((changes) => {
        if (!closed) for (const change of changes) res.write(frame(change));
      });
    } catch {
      // The database could not be read: end the stream; the client reconnects after `retry`.
      return end();
    }
    if (closed) return stop();
    unsubscribe = stop;
    res.write(frame({ kind: 'ready' }));
  });
}
