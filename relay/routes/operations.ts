import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { migrationStatus, type MigrationStatus } from '../db/migrate';
import { relayOpenApi } from '../openapi';
import type { RouteContext } from './context';
import { route } from './route';

/** What operators and orchestrators call: status, liveness, readiness, metrics, the API document. */
export function operationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.access, 'status', async () => ({ ok: true, name: 'hookline-relay' }));
  route(app, ctx.access, 'healthz', async () => ({ ok: true }));
  route(app, ctx.access, 'readyz', async ({ reply }) => {
    let database: 'ok' | 'unreachable' = 'ok';
    let migrations: MigrationStatus = { current: false, applied: 0, pending: [] };
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      migrations = await migrationStatus(ctx.db);
    } catch {
      database = 'unreachable';
    }
    const ok = database === 'ok' && migrations.current;
    return reply.code(ok ? 200 : 503).send({ ok, database, migrations });
  });
  route(app, ctx.access, 'metrics', async ({ reply }) => reply.type(ctx.metrics.contentType).send(await ctx.metrics.text()));
  // Built on first request: at start-up its allocations would bring a full GC into the window where
  // better-sqlite3 12 on Node 24 can abort finalizing the migrations' statements (see docs/console.md).
  let openapi: ReturnType<typeof relayOpenApi> | undefined;
  route(app, ctx.access, 'openapi', async () => (openapi ??= relayOpenApi()));
}
