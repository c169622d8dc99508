// A headless browser for tests, from npm only: the Chromium build shipped inside @sparticuz/chromium
// (unpacked once into the temp folder by executablePath(); nothing is downloaded). CHROMIUM_PATH
// may name another Chromium/Chrome binary instead, for example a system browser.
//
// watchPage() records what a test must fail on: console errors, uncaught page errors, and every
// request that leaves the origin under test. Off-origin requests are also aborted, so a test never
// waits on the network. There is no list of allowed hosts: any other scheme, host or port counts.
// Only data: and blob: URLs, which never leave the page, are not requests elsewhere.
import { statSync } from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The environment variable that points the tests at a browser binary of your choice. */
export const BROWSER_ENV = 'CHROMIUM_PATH';

// @sparticuz/chromium's flags, minus --single-process: that one is for AWS Lambda's sandbox, and
// with it closing any browser context (browser.newPage() + page.close()) ends the whole browser.
const PACKAGED_ARGS = sparticuz.args.filter((arg) => arg !== '--single-process');

/** Launches headless Chromium: $CHROMIUM_PATH if set, otherwise the one from @sparticuz/chromium. */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const override = env[BROWSER_ENV];
  if (override) {
    if (!statSync(override, { throwIfNoEntry: false })?.isFile()) {
      throw new Error(`${BROWSER_ENV} is "${override}", which is not a file: set it to a Chromium or Chrome binary, or unset it to use the one from @sparticuz/chromium`);
    }
    return chromium.launch({
      executablePath: override,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: PACKAGED_ARGS, headless: true });
}

export interface PageWatch {
  /** Every request URL the page made, on the origin or not (proves the watch was listening). */
  readonly requests: string[];
  /** URLs the page requested outside the served origin (each one is a failure). */
  readonly offOrigin: string[];
  /** Console errors and uncaught exceptions, in order. */
  readonly errors: string[];
}

const ON_PAGE = new Set(['data:', 'blob:']);

/** True when `url` is neither on `origin` nor an on-page data:/blob: URL. */
export function leavesOrigin(url: string, origin: string): boolean {
  const parsed = new URL(url);
  return !ON_PAGE.has(parsed.protocol) && parsed.origin !== new URL(origin).origin;
}

/** Starts recording on `page` before it navigates; read the result after the page has settled. */
export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  const watch = { requests: [] as string[], offOrigin: [] as string[], errors: [] as string[] };
  const record = (url: string) => {
    watch.requests.push(url);
    if (leavesOrigin(url, origin) && !watch.offOrigin.includes(url)) watch.offOrigin.push(url);
  };
  page.on('console', (msg) => { if (msg.type() === 'error') watch.errors.push(msg.text()); });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  // 'request' sees every request the page makes (also ones routing cannot intercept); websockets
  // are not requests there, so they are watched on their own.
  page.on('request', (request) => record(request.url()));
  page.on('websocket', (socket) => record(socket.url()));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (!leavesOrigin(url, origin)) return route.continue();
    record(url);
    return route.abort('blockedbyclient');
  });
  return watch;
}
