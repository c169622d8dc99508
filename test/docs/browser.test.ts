// The shared browser helper itself (test/support/browser.ts): what counts as leaving the origin,
// and a clear error for a CHROMIUM_PATH that names no file.
import { describe, expect, it } from 'vitest';
import { BROWSER_ENV, launchBrowser, leavesOrigin } from '../support/browser.js';

describe('test browser helper', () => {
  const origin = 'http://127.0.0.1:41234';

  it.each([
    'http://127.0.0.1:41235/x.png', // other port
    'http://localhost:41234/x.png', // other host name for the same machine
    'https://127.0.0.1:41234/x.png', // other scheme
    'https://cdn.redoc.ly/redoc/logo-mini.svg',
    'ws://127.0.0.1:41234/socket',
  ])('%s leaves the origin', (url) => {
    expect(leavesOrigin(url, origin)).toBe(true);
  });

  it.each([`${origin}/cbr.html`, `${origin}/openapi/cbr.json?x=1#y`, 'data:image/gif;base64,R0lGOD', `blob:${origin}/7d1c`])(
    '%s stays on the page',
    (url) => {
      expect(leavesOrigin(url, origin)).toBe(false);
    },
  );

  it('refuses a CHROMIUM_PATH that is not a file, naming the variable', async () => {
    await expect(launchBrowser({ [BROWSER_ENV]: '/nonexistent/chromium' })).rejects.toThrow(
      /CHROMIUM_PATH is "\/nonexistent\/chromium", which is not a file/,
    );
  });
});
