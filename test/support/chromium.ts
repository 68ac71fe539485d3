/** Debian's Chromium (apt-get install chromium; .ci/run does it), driven by playwright-core: nothing downloads a browser. */
export const CHROMIUM = process.env['HOOKLINE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Headless, and nothing that reaches the network on its own (this machine reaches only loopback). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
