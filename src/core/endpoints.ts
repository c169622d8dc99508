// Where a client sends its requests: a region turned into the service's host by its host pattern,
// or an explicit endpoint. Plain http:// is refused (it would send the token in clear text) except
// on loopback hosts or with `allowInsecureHttp: true`.

/** Region names as the clouds spell them: `ap-southeast-1`, `cn-north-4`, `eu-west-101`, `eu-de`. */
const REGION_PATTERN = /^[a-z]{2,}(?:-[a-z0-9]+){1,3}$/;

export interface EndpointOptions {
  service: string;
  region?: unknown;
  endpoint?: unknown;
  allowInsecureHttp?: unknown;
  /** region → `https://host`; absent when the service has no public host pattern (an endpoint is required). */
  hostPattern?: ((region: string) => string) | undefined;
  /** What an endpoint looks like, for the error message when none is given. */
  endpointExample: string;
  /** The version segment of the API paths (`/v3`, `/v3.1`, `/v1`): stripped if an endpoint ends with it. */
  versionPrefix: string;
  /** With `versionPrefix`, a trailing `/<version>/<projectId>` (a service-catalog URL) is stripped too. */
  projectId?: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/** The base URL (no trailing `/`) requests go to; throws a TypeError naming the option on bad input. */
export function resolveBaseUrl(options: EndpointOptions): string {
  const { service, region, endpoint, hostPattern } = options;
  if (options.allowInsecureHttp !== undefined && typeof options.allowInsecureHttp !== 'boolean') {
    throw new TypeError(`${service}: option \`allowInsecureHttp\` must be a boolean.`);
  }
  if (region !== undefined && endpoint !== undefined) {
    throw new TypeError(`${service}: give either \`region\` or \`endpoint\`, not both.`);
  }
  if (endpoint === undefined) {
    if (!hostPattern) {
      throw new TypeError(`${service}: option \`endpoint\` is required (this service has no public host pattern), e.g. ${options.endpointExample}.`);
    }
    if (region === undefined) {
      throw new TypeError(`${service}: option \`region\` (e.g. 'ap-southeast-1') or \`endpoint\` (e.g. ${options.endpointExample}) is required.`);
    }
    if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
      throw new TypeError(`${service}: option \`region\` must be a region name such as 'ap-southeast-1' or 'cn-north-4' (lower-case letters, digits and '-'); got ${describe(region)}.`);
    }
    return hostPattern(region);
  }
  return normalizeEndpoint(endpoint, options);
}

function normalizeEndpoint(endpoint: unknown, options: EndpointOptions): string {
  const { service } = options;
  const allowed = `an absolute https:// URL such as ${options.endpointExample} (http:// only on loopback hosts or with \`allowInsecureHttp: true\`)`;
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw new TypeError(`${service}: option \`endpoint\` must be ${allowed}; got ${describe(endpoint)}.`);
  }
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new TypeError(`${service}: option \`endpoint\` must be ${allowed}; got ${JSON.stringify(endpoint)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${service}: option \`endpoint\` must use https:// (got ${url.protocol}//).`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && options.allowInsecureHttp !== true) {
    throw new TypeError(
      `${service}: option \`endpoint\` uses http://, which would send credentials in clear text; use https://, a loopback host (localhost, 127.0.0.1, [::1]), or set \`allowInsecureHttp: true\`.`,
    );
  }
  if (url.username || url.password) {
    throw new TypeError(`${service}: option \`endpoint\` must not contain user info (user:password@); use option \`auth\`.`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`${service}: option \`endpoint\` must not contain a query or fragment; got ${JSON.stringify(url.origin + url.pathname + url.search + url.hash)}.`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  const version = options.versionPrefix.replace(/\/+$/, '');
  const segments = path.split('/');
  const last = segments[segments.length - 1];
  const beforeLast = segments[segments.length - 2];
  const projectPlaceholders = ['{project_id}', '%7Bproject_id%7D', '$(tenant_id)s', '%(tenant_id)s', '%(project_id)s', '$(project_id)s'];
  if (`/${last}` === version) {
    path = segments.slice(0, -1).join('/');
  } else if (
    beforeLast !== undefined &&
    `/${beforeLast}` === version &&
    last !== undefined &&
    (last === options.projectId || projectPlaceholders.includes(last))
  ) {
    path = segments.slice(0, -2).join('/');
  }
  return `${url.origin}${path}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
