// Prism in-process: a mock of a bundle, or a validating proxy in front of an upstream. Used by
// `npm start` and by the tests (test/support/prism.ts). Prism's programmatic surface is marked
// experimental upstream, which is why package.json pins prism-cli and its three internals together.
import prismHttp from '@stoplight/prism-http';
import prismServer from '@stoplight/prism-http-server';
import prismCore from '@stoplight/prism-core';
import prismForwarder from '@stoplight/prism-http/dist/forwarder/index.js';
import prismMocker from '@stoplight/prism-http/dist/mocker/index.js';
import { listen } from './static-server.mjs';

// Prism's severities (DiagnosticSeverity in @stoplight/types): 0 = error, 1 = warning.
const SEVERITY_ERROR = 0;
// CommonJS modules with `exports.default`: Node hands over module.exports, Vite the default itself.
const cjsDefault = (module) => (typeof module === 'function' ? module : module.default);
const prismForward = cjsDefault(prismForwarder);
const prismMock = cjsDefault(prismMocker);

/**
 * Prism's `forward` component for proxy mode, changed in one respect: a request that breaks the
 * description is answered the way Prism's mock answers it (the operation's documented 400 or 401,
 * with its example: the service's own error body), not with Prism's `422 application/problem+json`,
 * a shape no real service sends. Warnings alone (a deprecated parameter such as Cinder's
 * `sort_key`) do not stop the request: it goes to the upstream, as the real service takes it. In
 * both cases Prism still lists every violation in the `sl-violations` header.
 */
function forwardWithServiceErrors({ validations, data }, baseUrl, upstreamProxy, resource) {
  const errors = validations.filter((v) => v.severity === SEVERITY_ERROR);
  if (errors.length === 0) return prismForward({ validations: [], data }, baseUrl, upstreamProxy, resource);
  return (logger) => async () => {
    try {
      return mockNamingTheParameter({ resource, input: { data, validations: errors }, config: { dynamic: false } })(logger);
    } catch (error) {
      return { _tag: 'Left', left: error }; // fp-ts Either.left: Prism answers it with a 500
    }
  };
}

/**
 * Prism's mock (static mode, and the error answers above), choosing for an invalid request the
 * documented 400 example named after the offending parameter when there is one and the caller did
 * not ask for a status or example with `Prefer`.
 */
function mockNamingTheParameter({ resource, input, config }) {
  const errors = (input.validations ?? []).filter((v) => v.severity === SEVERITY_ERROR);
  const exampleKey = errors.length > 0 && config.exampleKey === undefined && config.code === undefined ? exampleFor(resource, errors) : undefined;
  // Prism honours an example key for an invalid request only together with the status it names.
  return prismMock({ resource, input, config: exampleKey ? { ...config, code: 400, exampleKey } : config });
}

/**
 * The documented 400 example that names the offending parameter (vbs: `with_count_not_boolean`
 * for a bad `with_count`), so the body's message fits; otherwise Prism takes the first example.
 */
function exampleFor(resource, errors) {
  if (errors.some((v) => v.code === 401)) return undefined;
  const names = errors.map((v) => String(v.path?.at(-1) ?? '').toLowerCase()).filter(Boolean);
  const badRequest = resource.responses.find((r) => r.code === '400');
  const keys = (badRequest?.contents ?? []).flatMap((c) => (c.examples ?? []).map((e) => e.key));
  return keys.find((key) => names.some((name) => key.toLowerCase().startsWith(`${name}_`)));
}

/**
 * Starts Prism for one bundle file. Options: upstream (URL string: proxy mode), errors (turn
 * violations into error answers, like the CLI's --errors: in proxy mode an invalid request gets
 * the service's documented 400/401 and an answer that breaks the description becomes a 500),
 * host, port (0 = any free port). Resolves to { url, close }.
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
    components: {
      logger: prismCore.createLogger('prism', { level: 'silent' }),
      mock: mockNamingTheParameter,
      ...(upstream ? { forward: forwardWithServiceErrors } : {}),
    },
  });
  // Prism's own listen() gives no clear message for a taken port; probe the port first.
  if (port !== 0) {
    const probe = await listen((await import('node:http')).createServer(), host, port);
    await probe.close();
  }
  const address = await server.listen(port, host);
  return { url: String(address).replace(/\/$/, ''), close: () => server.close() };
}
