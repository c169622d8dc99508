// Prism in-process: a mock of a bundle, or a validating proxy in front of an upstream. Used by
// `npm start` and by the tests (test/support/prism.ts). Prism's programmatic surface is marked
// experimental upstream, which is why package.json pins prism-cli and its three internals together.
import prismHttp from '@stoplight/prism-http';
import prismServer from '@stoplight/prism-http-server';
import prismCore from '@stoplight/prism-core';
import { listen } from './static-server.mjs';

/**
 * Starts Prism for one bundle file. Options: upstream (URL string: proxy mode), errors (turn
 * violations into error answers, like the CLI's --errors), host, port (0 = any free port).
 * Resolves to { url, close }.
 */
export async function startPrism(bundleFile, { upstream, errors = false, host = '127.0.0.1', port = 0 } = {}) {
  const operations = await prismHttp.getHttpOperationsFromSpec(bundleFile);
  const shared = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config = upstream ? { ...shared, isProxy: true, upstream: new URL(upstream) } : { ...shared, isProxy: false };
  const server = prismServer.createServer(operations, {
    cors: false,
    config,
    components: { logger: prismCore.createLogger('prism', { level: 'silent' }) },
  });
  // Prism's own listen() gives no clear message for a taken port; probe the port first.
  if (port !== 0) {
    const probe = await listen((await import('node:http')).createServer(), host, port);
    await probe.close();
  }
  const address = await server.listen(port, host);
  return { url: String(address).replace(/\/$/, ''), close: () => server.close() };
}
