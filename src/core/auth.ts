// Authentication: a Keystone/IAM token in `X-Auth-Token`, or Huawei Cloud AK/SK signing
// (`SDK-HMAC-SHA256`, docs/sources.md#authentication) computed with WebCrypto over the final request
// (the URL exactly as openapi-fetch serialised it), so the canonical query always matches the wire.
import type { Middleware } from 'openapi-fetch';
import { ApiError, type SecretRegistry } from './errors.js';

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

/** `YYYYMMDDTHHMMSSZ` (UTC), the `X-Sdk-Date` form. */
export function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function toHex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(data: string | Uint8Array | ArrayBuffer): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

async function hmacSha256Hex(key: CryptoKey, data: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
}

export function importSecretKey(secretKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
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

/**
 * Signs one request with SDK-HMAC-SHA256. The headers must already hold everything that is sent
 * (including `X-Sdk-Date`; when missing it is taken from `now`); `Authorization` is never signed.
 */
export async function signSdkHmacSha256(
  input: SignInput,
  credentials: { accessKey: string; secretKey: string | CryptoKey },
  now: Date = new Date(),
): Promise<SignResult> {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const headers = new Map<string, string>();
  const entries = input.headers instanceof Headers ? [...input.headers.entries()] : Object.entries(input.headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower.includes('_')) continue;
    headers.set(lower, String(value).trim());
  }
  if (!headers.has('x-sdk-date')) headers.set('x-sdk-date', sdkDate(now));
  headers.set('host', url.host);
  const date = headers.get('x-sdk-date')!;

  let bodyHash: string;
  if (headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD') bodyHash = 'UNSIGNED-PAYLOAD';
  else if (input.body === undefined || (typeof input.body === 'string' && input.body === '')) bodyHash = EMPTY_SHA256;
  else bodyHash = await sha256Hex(input.body);

  const names = [...headers.keys()].sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n)}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQueryString(url.search),
    canonicalHeaders,
    signedHeaders,
    bodyHash,
  ].join('\n');
  const stringToSign = `${SIGNING_ALGORITHM}\n${date}\n${await sha256Hex(canonicalRequest)}`;
  const key =
    typeof credentials.secretKey === 'string' ? await importSecretKey(credentials.secretKey) : credentials.secretKey;
  const signature = await hmacSha256Hex(key, stringToSign);
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    sdkDate: date,
  };
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
  /** A pre-imported HMAC key for `secretKey` (saves an import per request). */
  key?: CryptoKey | Promise<CryptoKey>;
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
  const key = options.key ? await options.key : credentials.secretKey;
  const result = await signSdkHmacSha256(
    { method: request.method, url: request.url, headers: request.headers, body },
    { accessKey: credentials.accessKey, secretKey: key },
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

/** The openapi-fetch middleware that authenticates every request made through the client. */
export function createAuthMiddleware(auth: NormalizedAuth, options: AuthMiddlewareOptions): Middleware {
  const { service, secrets } = options;
  if (auth.kind === 'token') {
    if (typeof auth.token === 'string') secrets.addStatic(auth.token);
    const provider = auth.token;
    return {
      async onRequest({ request }) {
        let token: unknown;
        if (typeof provider === 'string') token = provider;
        else {
          try {
            token = await provider();
          } catch (error) {
            throw new ApiError(
              { status: 0, service, code: 'AUTH_PROVIDER_FAILED', message: `${service}: the \`auth.token\` provider threw an error.`, method: request.method, url: request.url, cause: error },
              (s) => secrets.redact(s),
            );
          }
          if (typeof token === 'string') secrets.addRecent(token);
          if (!isHeaderSafe(token)) {
            throw new ApiError(
              { status: 0, service, code: 'AUTH_PROVIDER_FAILED', message: `${service}: the \`auth.token\` provider must return a non-empty string of visible ASCII characters.`, method: request.method, url: request.url },
              (s) => secrets.redact(s),
            );
          }
        }
        request.headers.set('X-Auth-Token', token as string);
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
  let key: Promise<CryptoKey> | undefined;
  return {
    async onRequest({ request }) {
      key ??= importSecretKey(auth.secretKey);
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
