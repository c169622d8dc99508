// A hostile server's answers and the places a secret could hide in an error. The server is a
// stateful fake (loopback) whose fault hook echoes every credential it receives — and the secret
// key it is assumed to know — in the places listed in issue 9 item 2.
import { inspect } from 'node:util';
import type { Auth } from '../../src/index.js';
import type { FakeReply, FakeRequest } from '../fakes/index.js';
import { AUTH, SECRETS, type Api } from '../support/clients.js';

/** A token from a provider function (issue 9: dynamic tokens must be redacted as well). */
export const PROVIDED_TOKEN = 'gAAAAABprovidedTOKEN-0123456789-SECRET';

export const AUTH_VARIANTS = {
  token: AUTH.token,
  tokenProvider: { token: async () => PROVIDED_TOKEN },
  aksk: AUTH.aksk,
  securityToken: AUTH.securityToken,
} as const satisfies Record<string, Auth>;
export type AuthVariant = keyof typeof AUTH_VARIANTS;

export function authVariants(api: Api): AuthVariant[] {
  return api === 'vbs' ? ['token', 'tokenProvider'] : ['token', 'tokenProvider', 'aksk', 'securityToken'];
}

/** The credentials a request carried: token, security token, the Authorization header and its signature. */
export function credentialsIn(request: FakeRequest): string[] {
  const out: string[] = [];
  for (const name of ['x-auth-token', 'x-security-token', 'authorization']) {
    const value = request.headers[name];
    if (typeof value === 'string' && value) out.push(value);
  }
  const signature = /Signature=([0-9a-f]{64})/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (signature) out.push(signature);
  return out;
}

/** What must never appear in an error of a client using `variant`, given the requests the server saw. */
export function secretsFor(variant: AuthVariant, requests: readonly FakeRequest[]): string[] {
  const fixed: Record<AuthVariant, string[]> = {
    token: [SECRETS.token],
    tokenProvider: [PROVIDED_TOKEN],
    aksk: [SECRETS.secretKey],
    securityToken: [SECRETS.secretKey, SECRETS.securityToken],
  };
  const sent = requests.flatMap(credentialsIn).filter((value) => !value.startsWith('SDK-HMAC-SHA256'));
  return [...new Set([...fixed[variant], ...sent])];
}

/** Where a hostile server puts what it echoes. */
export const ECHO_SHAPES = ['message', 'code', 'requestIdHeader', 'requestIdBody', 'key', 'deep', 'html', 'plain', 'everywhere'] as const;
export type EchoShape = (typeof ECHO_SHAPES)[number];

/** An answer of `status` carrying `secrets` in the way `shape` says. */
export function hostileReply(api: Api, status: number, shape: EchoShape, secrets: readonly string[]): FakeReply {
  const all = secrets.join(' ');
  const first = secrets[0] ?? 'none';
  const message = `request rejected; credentials were: ${all}`;
  const errorBody = (msg: string, code = 'APIGW.0301'): Record<string, unknown> =>
    api === 'vbs' ? { badRequest: { code: status, message: msg } } : { error_code: code, error_msg: msg };
  const nested = (depth: number): unknown => (depth === 0 ? { token: all, [first]: all, list: [all] } : { level: depth, inner: nested(depth - 1), list: [nested(0)] });
  switch (shape) {
    case 'message':
      return { status, body: errorBody(message) };
    case 'code':
      return { status, body: { ...errorBody('denied', first), code: first } };
    case 'requestIdHeader':
      return { status, body: errorBody('denied'), headers: { 'X-Request-Id': first, 'x-openstack-request-id': first, 'X-Echo': all } };
    case 'requestIdBody':
      return { status, body: { ...errorBody('denied'), request_id: first } };
    case 'key':
      return { status, body: { ...errorBody('denied'), [first]: 'a secret as a key', details: Object.fromEntries(secrets.map((s) => [s, s.length])) } };
    case 'deep':
      return { status, body: { ...errorBody('denied'), detail: nested(12) } };
    case 'html':
      return { status, body: `<html><head><title>${first}</title></head><body><p>Token: ${all}</p><!-- ${all} --></body></html>`, headers: { 'Content-Type': 'text/html' } };
    case 'plain':
      return { status, body: message, headers: { 'Content-Type': 'text/plain' } };
    case 'everywhere':
      return {
        status,
        body: { ...errorBody(message, first), request_id: first, [first]: all, detail: nested(12), code: first },
        headers: { 'X-Request-Id': first, 'x-openstack-request-id': first, 'Retry-After': '0', 'X-Echo': all },
      };
  }
}

/**
 * Every text an ApiError exposes or serialises, labelled: its fields, message, toString(), stack,
 * JSON.stringify, util.inspect (full depth, hidden properties), and every key and string reachable
 * from it through own properties, the cause included.
 */
export function placesOf(error: unknown): [string, string][] {
  const e = error as Error & Record<string, unknown>;
  const places: [string, string][] = [
    ['message', String(e?.message)],
    ['String(err)', safe(() => String(e))],
    ['toString()', safe(() => (typeof e?.toString === 'function' ? e.toString() : ''))],
    ['stack', String(e?.stack ?? '')],
    ['JSON.stringify(err)', safe(() => String(JSON.stringify(e)))],
    ['util.inspect(err)', inspect(e, { depth: Infinity, showHidden: true })],
  ];
  for (const field of ['code', 'requestId', 'url', 'body', 'cause', 'resume']) {
    places.push([`err.${field}`, safe(() => (typeof e?.[field] === 'string' ? (e[field] as string) : inspect(e?.[field], { depth: Infinity })))]);
  }
  const reachable: string[] = [];
  collect(e, reachable, new Set(), 0);
  places.push(['keys and strings reachable from err', reachable.join('\n')]);
  return places;
}

/** `secret in place` for every secret found in any place of `error`. */
export function leaks(error: unknown, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [place, text] of placesOf(error)) {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${label(secret)} in ${place}`);
  }
  return found;
}

function label(secret: string): string {
  return `${secret.slice(0, 12)}…`;
}

function collect(value: unknown, out: string[], seen: Set<unknown>, depth: number): void {
  if (typeof value === 'string') out.push(value);
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || depth > 64) return;
  seen.add(value);
  for (const key of Reflect.ownKeys(value as object)) {
    out.push(String(key));
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) collect(descriptor.value, out, seen, depth + 1);
  }
}

function safe(fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    return `(threw ${String(error)})`;
  }
}
