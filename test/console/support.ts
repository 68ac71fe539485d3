import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildConsole, type ConsoleBuild } from '../../scripts/console/build';

/** Each test file builds its own console into a temp folder (parallel-safe; esbuild takes well under a second). */
export async function builtConsole(): Promise<ConsoleBuild> {
  return buildConsole(join(mkdtempSync(join(tmpdir(), 'hookline-console-')), 'console'));
}

/** Where CI keeps the console's screenshots (build/ is git-ignored). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'build', 'screenshots', 'console');

export async function screenshot(page: Page, name: string, taken: string[]): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  taken.push(path);
}
