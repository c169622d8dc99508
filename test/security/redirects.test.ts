// Redirects are never followed: none of these APIs redirects a list call, and following one sends
// the token (X-Auth-Token, X-Security-Token) to wherever the Location points. For 301, 302, 303,
// 307 and 308 to another origin, to a host name that is not the configured one, to an http://
// host that does not exist, to another path of the same origin, and from an https:// endpoint down
// to http://: no request reaches anything but the configured list URL, and the error is an
// ApiError naming the Location.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/index.js';
import type { Fake } from '../fakes/index.js';
import { APIS, AUTH, clientFor, createClient, ITEMS_KEY, useFakes, type Api } from '../support/clients.js';
import { AUTH_VARIANTS, authVariants } from './hostile.js';

const fakes = useFakes();
const STATUSES = [301, 302, 303, 307, 308];

/** Where a hostile redirect points, given the configured fake and another server. */
function locations(fake: Fake, other: Fake): Record<string, string> {
  return {
    'another origin': `${other.listUrl}?limit=1000`,
    'another host name for another port': `http://localhost:${new URL(other.url).port}${other.path}`,
    'an http:// host that does not exist': `http://backup-api.invalid${fake.path}?stolen=1`,
    'another path of the same origin': `${fake.url}/elsewhere`,
  };
}

async function setup(api: Api) {
  let redirect: { status: number; location: string; afterPages: number } | undefined;
  let pages = 0;
  const fake = await fakes.start(api, {
    count: 8,
    tableBackupRatio: 0,
    fault: (request) => {
      if (!redirect || request.url.pathname !== fake.path) return undefined;
      if (pages++ < redirect.afterPages) return undefined;
      return { status: redirect.status, headers: { Location: redirect.location }, body: '<html>Moved</html>' };
    },
  });
  const other = await fakes.start(api, { count: 8, seed: 'other', tableBackupRatio: 0 });
  return {
    fake,
    other,
    redirectNext(status: number, location: string, afterPages = 0) {
      redirect = { status, location, afterPages };
      pages = 0;
    },
  };
}

describe.each(APIS)('%s: redirects are not followed', (api) => {
  it.each(authVariants(api))('%s: every 3xx to every kind of Location, from listBackups and mid-walk', async (variant) => {
    const { fake, other, redirectNext } = await setup(api);
    const client = clientFor(api, fake, { auth: AUTH_VARIANTS[variant], timeoutMs: 3000, concurrency: 1 });
    const problems: string[] = [];
    let cases = 0;
    for (const status of STATUSES) {
      for (const [where, location] of Object.entries(locations(fake, other))) {
        for (const call of ['listBackups', 'iterateBackups page 2'] as const) {
          cases++;
          const context = `${call} ${status} to ${where}`;
          const before = { fake: fake.requests.length, other: other.requests.length };
          redirectNext(status, location, call === 'listBackups' ? 0 : 1);
          const outcome =
            call === 'listBackups'
              ? await client.listBackups({ limit: 2 }).then(() => 'resolved', (e: unknown) => e)
              : await (async () => {
                  for await (const item of client.iterateBackups({ limit: 2 })) void item;
                  return 'the walk completed';
                })().catch((e: unknown) => e);
          const sent = fake.requests.slice(before.fake);
          const expectedRequests = call === 'listBackups' ? 1 : 2;
          if (other.requests.length !== before.other) problems.push(`${context}: ${other.requests.length - before.other} request(s) reached the other server`);
          if (sent.some((r) => r.url.pathname !== fake.path)) problems.push(`${context}: requested ${sent.map((r) => r.url.pathname).join(', ')}`);
          if (sent.length !== expectedRequests) problems.push(`${context}: ${sent.length} requests to the configured server, expected ${expectedRequests}`);
          if (!(outcome instanceof ApiError)) {
            problems.push(`${context}: ${outcome instanceof Error ? `threw ${outcome.name}: ${outcome.message}` : String(outcome)}, not an ApiError`);
            continue;
          }
          if (outcome.status !== status) problems.push(`${context}: ApiError status ${outcome.status}, expected ${status}`);
          if (!outcome.message.includes(location)) problems.push(`${context}: the message does not name the Location (${outcome.message})`);
        }
      }
    }
    expect(cases).toBe(STATUSES.length * 4 * 2);
    expect(problems).toEqual([]);
  });

  it('an https:// endpoint redirected to http:// (the same host, and another) is not followed', async () => {
    const { fake, other, redirectNext } = await setup(api);
    // the client talks to https://backups.example.test; this fetch carries its requests to the fake
    const routed: string[] = [];
    const fetchViaFake = (request: Request) => {
      routed.push(request.url);
      const url = new URL(request.url);
      return fetch(new Request(`${fake.url}${url.pathname}${url.search}`, request));
    };
    const client = createClient(api, { endpoint: 'https://backups.example.test', projectId: fake.projectId, auth: AUTH.token, retry: false, timeoutMs: 3000, fetch: fetchViaFake });
    const problems: string[] = [];
    for (const status of STATUSES) {
      for (const location of [`http://backups.example.test${fake.path}`, `${other.listUrl}?limit=2`]) {
        const before = { fake: fake.requests.length, other: other.requests.length, routed: routed.length };
        redirectNext(status, location);
        const outcome = await client.listBackups({ limit: 2 }).then(() => 'resolved', (e: unknown) => e);
        const context = `${status} to ${location}`;
        if (other.requests.length !== before.other) problems.push(`${context}: the other server was reached`);
        if (fake.requests.length - before.fake !== 1 || routed.length - before.routed !== 1) problems.push(`${context}: more than the one request`);
        if (!(outcome instanceof ApiError)) problems.push(`${context}: ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome)}, not an ApiError`);
        else if (!outcome.message.includes(location)) problems.push(`${context}: the message does not name the Location (${outcome.message})`);
      }
    }
    expect(routed.length).toBeGreaterThanOrEqual(STATUSES.length * 2);
    expect(problems).toEqual([]);
  });

  it('the check is not vacuous: a request to the other server is counted', async () => {
    const { other } = await setup(api);
    const page = await clientFor(api, other).listBackups({ limit: 2 });
    expect(other.requests).toHaveLength(1);
    expect(Array.isArray(page[ITEMS_KEY[api]])).toBe(true);
  });
});
