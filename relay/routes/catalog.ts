import type { FastifyInstance } from 'fastify';
import { listPlatforms, type Catalog } from '../../shared';
import type { RouteContext } from './context';
import { route } from './route';

/** The catalog as the console shows it: platforms, their events' labels and setup steps in both languages. */
export function catalogView(): Catalog {
  return {
    platforms: listPlatforms().map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      setup: { en: p.setup.en, es: p.setup.es },
      signature: { kind: p.signature.kind, summary: p.signature.summary, headers: [...p.signature.headers] },
      sendsUnsigned: p.sendsUnsigned,
      openEvents: p.openEvents,
      registersItself: p.subscription !== undefined,
      events: p.events.map((e) => ({
        type: e.type,
        label: { en: e.label.en, es: e.label.es },
        ...(e.group ? { group: e.group } : {}),
        important: e.important,
      })),
    })),
  };
}

export function catalogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  let catalog: Catalog | undefined;
  route(app, ctx.access, 'catalog', async () => (catalog ??= catalogView()));
}
