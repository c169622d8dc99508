// Authentication: a Keystone/IAM token in `X-Auth-Token`, or Huawei Cloud AK/SK signing
// (`SDK-HMAC-SHA256`, docs/sources.md#authentication) computed over the final request (the URL
// exactly as openapi-fetch serialised it), so the canonical query always matches the wire. Hashing
// is synchronous (@noble/hashes): WebCrypto's digest/sign are asynchronous and cost ~200 µs each
// per call in Node, more than the whole request; see docs/decisions.md.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Middleware } from 'openapi-fetch';
import { ApiError } from './errors.js';
import type { SecretRegistry } from './redact.js';

export type TokenProvider = () => string | Promise<string>;

export interface TokenAuth {
  /** A token, or a function returning one (called for every request; cache inside it). */
  token: string | TokenProvider;
}

export interface AkSkAuth {
  accessKey: string;
  secretKey: string;
  /** For temporary credentials: sent (and signed) as `X-Security-Token`. */
  securityToken?: string;
}

export type Auth = TokenAuth | AkSkAuth;

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const encoder = new TextEncoder();

/** Visible ASCII only: header values that cannot be rejected by `Headers` (whose errors echo the value). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function isHeaderSafe(value: unknown): value is string {
  return typeof value === 'string' && HEADER_SAFE.test(value);
}

// ---------------------------------------------------------------------------------------------
// Canonical request pieces

/** RFC 3986 encoding as the Huawei signers do it (`quote(s, safe='~')`): only A-Z a-z 0-9 - _ . ~ stay. */
export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The path, decoded, split on `/`, each segment re-encoded, with a trailing `/` (signed, never sent). */
export function canonicalUri(pathname: string): string {
  const uri = safeDecode(pathname).split('/').map(rfc3986Encode).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * The canonical query of a raw query string (`?a=1&b=2` or `a=1&b=2`): pairs sorted by name, then
 * by value (so a repeated `status` is sorted), names and values decoded and re-encoded per RFC 3986
 * (`~` kept, `:` → `%3A`, `+` → `%2B`, space → `%20`).
 */
export function canonicalQueryString(search: string): string {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (!raw) return '';
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1));
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${rfc3986Encode(k)}=${rfc3986Encode(v)}`).join('&');
}

/** The last `X-Sdk-Date` made (the text changes once a second). */
let lastDate = { second: NaN, text: '' };

/** `YYYYMMDDTHHMMSSZ` (UTC), the `X-Sdk-Date` form. */
export function sdkDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastDate.second) lastDate = { second, text: date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z') };
  return lastDate.text;
}

function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? encoder.encode(data) : data));
}

/** A secret key keyed into HMAC-SHA256 once (the padded key's inner and outer state); cloned per signature. */
export type SigningKey = ReturnType<typeof hmac.create>;

export function prepareSigningKey(secretKey: string | Uint8Array): SigningKey {
  return hmac.create(sha256, typeof secretKey === 'string' ? encoder.encode(secretKey) : secretKey);
}

function hmacSha256Hex(key: SigningKey, data: string): string {
  return bytesToHex(key.clone().update(encoder.encode(data)).digest());
}

/** The two digests of a signature. */
interface Hasher {
  sha256Hex(text: string): string;
  hmacHex(text: string): string;
}

/**
 * A client's hasher: its hash states are reset by copying a fresh (or keyed) state into them, so
 * a signature allocates no hash objects, views or output buffers (a third of the signer's time
 * went to making and collecting them).
 */
function reusedHasher(key: SigningKey): Hasher {
  const fresh = sha256.create();
  const out = new Uint8Array(32);
  let plain = sha256.create();
  let mac = key.clone();
  return {
    sha256Hex(text) {
      plain = fresh._cloneInto(plain);
      plain.update(encoder.encode(text)).digestInto(out);
      return bytesToHex(out);
    },
    hmacHex(text) {
      mac = key._cloneInto(mac);
      mac.update(encoder.encode(text)).digestInto(out);
      return bytesToHex(out);
    },
  };
}

export interface SignInput {
  method: string;
  url: string | URL;
  /** Request headers; `Host` is taken from the URL, names containing `_` are not signed. */
  headers: Headers | Record<string, string>;
  body?: string | Uint8Array | ArrayBuffer | undefined;
}

export interface SignResult {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  /** The `Authorization` header value. */
  authorization: string;
  /** The `X-Sdk-Date` that was signed. */
  sdkDate: string;
}

type Credentials = { accessKey: string; secretKey: string | Uint8Array | SigningKey };

/** The canonical request's headers: lower-case names, trimmed values; `Authorization` and names with `_` are not signed. */
function canonicalHeaderMap(headers: Headers | Record<string, string>, host: string, now: Date): Map<string, string> {
  const out = new Map<string, string>();
  const add = (value: string, name: string) => {
    const lower = name.toLowerCase();
    if (lower !== 'authorization' && !lower.includes('_')) out.set(lower, String(value).trim());
  };
  if (headers instanceof Headers) headers.forEach(add);
  else for (const name of Object.keys(headers)) add(headers[name]!, name);
  if (!out.has('x-sdk-date')) out.set('x-sdk-date', sdkDate(now));
  out.set('host', host);
  return out;
}

function payloadHash(headers: Map<string, string>, body: SignInput['body']): string {
  if (headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD') return 'UNSIGNED-PAYLOAD';
  if (body === undefined || body === '') return EMPTY_SHA256;
  return sha256Hex(typeof body === 'string' || body instanceof Uint8Array ? body : new Uint8Array(body));
}

/** The signature over a canonical request whose URI, query and headers are already canonical. */
function signCanonical(method: string, uri: string, query: string, headers: Map<string, string>, body: SignInput['body'], accessKey: string, hasher: Hasher): SignResult {
  const date = headers.get('x-sdk-date')!;
  const names = [...headers.keys()].sort();
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${headers.get(name)}\n`;
  const signedHeaders = names.join(';');
  const canonicalRequest = `${method.toUpperCase()}\n${uri}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash(headers, body)}`;
  const stringToSign = `${SIGNING_ALGORITHM}\n${date}\n${hasher.sha256Hex(canonicalRequest)}`;
  const signature = hasher.hmacHex(stringToSign);
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    sdkDate: date,
  };
}

/** The synchronous core of {@link signSdkHmacSha256}. */
export function signSync(input: SignInput, credentials: Credentials, now: Date = new Date()): SignResult {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const headers = canonicalHeaderMap(input.headers, url.host, now);
  const { secretKey } = credentials;
  const key = typeof secretKey === 'string' || secretKey instanceof Uint8Array ? prepareSigningKey(secretKey) : secretKey;
  const hasher: Hasher = { sha256Hex, hmacHex: (text) => hmacSha256Hex(key, text) };
  return signCanonical(input.method, canonicalUri(url.pathname), canonicalQueryString(url.search), headers, input.body, credentials.accessKey, hasher);
}

/**
 * Signs one request with SDK-HMAC-SHA256. The headers must already hold everything that is sent
 * (including `X-Sdk-Date`; when missing it is taken from `now`); `Authorization` is never signed.
 * Returns a promise for compatibility; the work itself is synchronous ({@link signSync}).
 */
export async function signSdkHmacSha256(input: SignInput, credentials: Credentials, now: Date = new Date()): Promise<SignResult> {
  return signSync(input, credentials, now);
}

/** Content types whose body is hashed; any other sets `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (as the SDKs do). */
function isHashedContentType(contentType: string | null): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'application/bson';
}

export interface SignRequestOptions {
  /** Sent (and signed) as `X-Project-Id`, as the Huawei SDKs do for project-scoped credentials. */
  projectId?: string | undefined;
  now?: () => Date;
  /** `secretKey` keyed once with {@link prepareSigningKey} (saves keying HMAC per request). */
  key?: SigningKey;
}

/** Adds `X-Sdk-Date`, `X-Project-Id`, `X-Security-Token` and `Authorization` to a Request (in place). */
export async function signRequest(request: Request, credentials: AkSkAuth, options: SignRequestOptions = {}): Promise<SignResult> {
  const now = options.now ? options.now() : new Date();
  request.headers.set('X-Sdk-Date', sdkDate(now));
  if (options.projectId) request.headers.set('X-Project-Id', options.projectId);
  if (credentials.securityToken) request.headers.set('X-Security-Token', credentials.securityToken);
  let body: ArrayBuffer | undefined;
  if (!isHashedContentType(request.headers.get('content-type'))) {
    request.headers.set('X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD');
  } else if (request.body !== null) {
    body = await request.clone().arrayBuffer();
  }
  const result = signSync(
    { method: request.method, url: request.url, headers: request.headers, body },
    { accessKey: credentials.accessKey, secretKey: options.key ?? credentials.secretKey },
    now,
  );
  request.headers.set('Authorization', result.authorization);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Options and the middleware

export type NormalizedAuth =
  | { kind: 'token'; token: string | TokenProvider }
  | { kind: 'aksk'; accessKey: string; secretKey: string; securityToken: string | undefined };

/** Validates `auth` without ever putting a credential into an error message. */
export function normalizeAuth(auth: unknown, service: string, allowAkSk: boolean): NormalizedAuth {
  const shapes = allowAkSk
    ? '{ token: string | () => string | Promise<string> } or { accessKey, secretKey, securityToken? }'
    : '{ token: string | () => string | Promise<string> }';
  if (auth === null || typeof auth !== 'object' || Array.isArray(auth)) {
    throw new TypeError(`${service}: option \`auth\` is required and must be ${shapes}.`);
  }
  const a = auth as Record<string, unknown>;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  if ('token' in a && a.token !== undefined) {
    const extra = keys.filter((k) => k !== 'token');
    if (extra.length) {
      throw new TypeError(`${service}: option \`auth\` has unexpected key(s) ${extra.map((k) => `\`${k}\``).join(', ')} next to \`token\`; it must be ${shapes}.`);
    }
    if (typeof a.token === 'function') return { kind: 'token', token: a.token as TokenProvider };
    if (!isHeaderSafe(a.token)) {
      throw new TypeError(`${service}: \`auth.token\` must be a non-empty string of visible ASCII characters (no spaces or line breaks), or a function returning one.`);
    }
    return { kind: 'token', token: a.token };
  }
  if ('accessKey' in a || 'secretKey' in a) {
    if (!allowAkSk) {
      throw new TypeError(`${service}: AK/SK signing is not supported by this service (its endpoint verifies tokens only); use auth: { token }.`);
    }
    const extra = keys.filter((k) => !['accessKey', 'secretKey', 'securityToken'].includes(k));
    if (extra.length) {
      throw new TypeError(`${service}: option \`auth\` has unexpected key(s) ${extra.map((k) => `\`${k}\``).join(', ')}; it must be ${shapes}.`);
    }
    for (const name of ['accessKey', 'secretKey'] as const) {
      if (!isHeaderSafe(a[name])) {
        throw new TypeError(`${service}: \`auth.${name}\` must be a non-empty string of visible ASCII characters.`);
      }
    }
    if (a.securityToken !== undefined && !isHeaderSafe(a.securityToken)) {
      throw new TypeError(`${service}: \`auth.securityToken\` must be a non-empty string of visible ASCII characters when given.`);
    }
    return {
      kind: 'aksk',
      accessKey: a.accessKey as string,
      secretKey: a.secretKey as string,
      securityToken: a.securityToken as string | undefined,
    };
  }
  throw new TypeError(`${service}: option \`auth\` must be ${shapes}.`);
}

export interface AuthMiddlewareOptions {
  service: string;
  projectId: string;
  secrets: SecretRegistry;
  now?: () => Date;
}

/** A provider's token, checked; a provider that throws or returns junk is an ApiError. */
async function providedToken(provider: TokenProvider, options: AuthMiddlewareOptions, method: string, url: string): Promise<string> {
  const { service, secrets } = options;
  const fail = (message: string, cause?: unknown) =>
    new ApiError({ status: 0, service, code: 'AUTH_PROVIDER_FAILED', message: `${service}: ${message}`, method, url, ...(cause === undefined ? {} : { cause }) }, (s) => secrets.redact(s));
  let token: unknown;
  try {
    token = await provider();
  } catch (error) {
    throw fail('the `auth.token` provider threw an error.', error);
  }
  if (typeof token === 'string') secrets.addRecent(token);
  if (!isHeaderSafe(token)) throw fail('the `auth.token` provider must return a non-empty string of visible ASCII characters.');
  return token;
}

/**
 * Authenticates one GET of a fixed URL (`base`, no query) plus a query string: sets the auth
 * headers in `headers` (a plain record with lower-case names, what is sent). The page fetcher's
 * path: no Request object, and the signer's per-client parts (host, canonical URI, keyed HMAC)
 * computed once.
 */
export type HeaderAuth = (search: string, headers: Record<string, string>) => void | Promise<void>;

export function createHeaderAuth(auth: NormalizedAuth, options: AuthMiddlewareOptions & { base: string }): HeaderAuth {
  const { secrets, base } = options;
  if (auth.kind === 'token') {
    const provider = auth.token;
    if (typeof provider === 'string') {
      secrets.addStatic(provider);
      return (_search, headers) => {
        headers['x-auth-token'] = provider;
      };
    }
    return async (search, headers) => {
      headers['x-auth-token'] = await providedToken(provider, options, 'GET', base + search);
    };
  }
  secrets.addStatic(auth.secretKey);
  secrets.addStatic(auth.securityToken);
  const url = new URL(base);
  const uri = canonicalUri(url.pathname);
  const hasher = reusedHasher(prepareSigningKey(auth.secretKey));
  const clock = options.now ?? (() => new Date());
  return (search, headers) => {
    const now = clock();
    headers['x-sdk-date'] = sdkDate(now);
    if (options.projectId) headers['x-project-id'] = options.projectId;
    if (auth.securityToken) headers['x-security-token'] = auth.securityToken;
    const result = signCanonical('GET', uri, canonicalQueryString(search), canonicalHeaderMap(headers, url.host, now), undefined, auth.accessKey, hasher);
    headers['authorization'] = result.authorization;
    secrets.addRecent(result.signature);
  };
}

/** The openapi-fetch middleware that authenticates every request made through the client. */
export function createAuthMiddleware(auth: NormalizedAuth, options: AuthMiddlewareOptions): Middleware {
  const { secrets } = options;
  if (auth.kind === 'token') {
    if (typeof auth.token === 'string') secrets.addStatic(auth.token);
    const provider = auth.token;
    return {
      async onRequest({ request }) {
        const token = typeof provider === 'string' ? provider : await providedToken(provider, options, request.method, request.url);
        request.headers.set('X-Auth-Token', token);
        return request;
      },
    };
  }
  secrets.addStatic(auth.secretKey);
  secrets.addStatic(auth.securityToken);
  const credentials: AkSkAuth = {
    accessKey: auth.accessKey,
    secretKey: auth.secretKey,
    ...(auth.securityToken ? { securityToken: auth.securityToken } : {}),
  };
  const key = prepareSigningKey(auth.secretKey);
  return {
    async onRequest({ request }) {
      const result = await signRequest(request, credentials, {
        projectId: options.projectId,
        key,
        ...(options.now ? { now: options.now } : {}),
      });
      secrets.addRecent(result.signature);
      return request;
    },
  };
}
