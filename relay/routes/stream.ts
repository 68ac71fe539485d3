import type { FastifyInstance } from 'fastify';
import type { RelayChange } from '../../shared';
import { mayObserve } from '../queries/changes';
import { visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { route } from './route';

const HEARTBEAT_MS = 15_000;

const frame = (change: RelayChange) => `event: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`;

/**
 * GET /stream — the change feed as Server-Sent Events. It authenticates like every management route,
 * with the Authorization header, so browsers read it with a streaming fetch, as EventSource cannot send
 * headers and the key never goes into a URL. A subscriber key gets the events and rejections of its
 * scope and the attempts to its own hooks.
 */
export function streamRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    ctx.changes.stop();
    done();
  });

  route(app, ctx.access, 'stream', async ({ principal, reply }) => {
    const visibility = visibilityOf(principal);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
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
        if (!closed) for (const observed of changes) if (mayObserve(visibility, observed)) res.write(frame(observed.change));
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
