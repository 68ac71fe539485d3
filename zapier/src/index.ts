import zapier, { type App, type Trigger } from 'zapier-platform-core';
import { PLATFORM_IDS, type PlatformId } from '../../shared';
import { appTitle, zapierApp } from './app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

/** The app of one platform; each folder in apps/ loads its own (`apps/<platform>/index.js`). */
export function buildApp(platform: PlatformId) {
  const app = zapierApp(platform, { version: packageJson.version, platformVersion: zapier.version });
  return app satisfies App<Record<string, Trigger>, Record<string, never>, Record<string, never>>;
}

export { appTitle, PLATFORM_IDS };
