/**
 * Debian's Chromium, driven by playwright-core (nothing downloads a browser), with the flags this
 * machine's closed network needs and a fresh profile per run.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium';

export const SCREENSHOTS = join(__dirname, '../../build/screenshots');

export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'hookline-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: CHROMIUM_FLAGS,
  });
}

/** Saves a screenshot under build/screenshots (kept by CI) and prints where. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  process.stdout.write(`screenshot: ${path}\n`);
  return path;
}
