/**
 * The relay routes the console calls, by their name in `relayRoutes` (shared/relay/api.ts). Kept as plain
 * strings so the bundle carries no zod; test/console/routes.test.ts checks each against the route table.
 */
export const ROUTES = {
  me: ['GET', '/me'],
  catalog: ['GET', '/catalog'],
  listSources: ['GET', '/sources'],
  createSource: ['POST', '/sources'],
  deleteSource: ['DELETE', '/sources/:id'],
  registerChatwoot: ['POST', '/sources/:id/register-chatwoot'],
  rotateSourceSecret: ['POST', '/sources/:id/rotate-secret'],
  testDelivery: ['POST', '/sources/:id/test'],
  listHooks: ['GET', '/hooks'],
  createHook: ['POST', '/hooks'],
  deleteHook: ['DELETE', '/hooks/:id'],
  disableHook: ['POST', '/hooks/:id/disable'],
  enableHook: ['POST', '/hooks/:id/enable'],
  rotateHookSecret: ['POST', '/hooks/:id/rotate-secret'],
  listEvents: ['GET', '/events'],
  getEvent: ['GET', '/events/:id'],
  replayEvent: ['POST', '/events/:id/replay'],
  listDeliveries: ['GET', '/deliveries'],
  retryDelivery: ['POST', '/deliveries/:id/retry'],
  retryDeliveries: ['POST', '/deliveries/retry'],
  listRejections: ['GET', '/rejections'],
  statsSummary: ['GET', '/stats/summary'],
  statsSeries: ['GET', '/stats/series'],
  stream: ['GET', '/stream'],
} as const satisfies Record<string, readonly ['GET' | 'POST' | 'DELETE', string]>;

export type ConsoleRoute = keyof typeof ROUTES;
