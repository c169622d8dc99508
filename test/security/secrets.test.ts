// No secret in any error: every error path (each error status, a 200 the client cannot use, a
// failure mid-walk, a dropped connection) with a token, a token from a provider, AK/SK and AK/SK
// with a security token, against a loopback server that echoes the credentials it receives in
// every place (message, error code, request-id header and body field, object key, nested deeper
// than 8 levels, HTML and plain text). Nothing secret may appear in the ApiError's message,
// toString(), stack, body, cause, requestId, JSON.stringify or util.inspect.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/index.js';
import type { FakeReply, FakeRequest } from '../fakes/index.js';
import { APIS, clientFor, SECRETS, useFakes, type Api } from '../support/clients.js';
import { AUTH_VARIANTS, authVariants, credentialsIn, ECHO_SHAPES, hostileReply, leaks, secretsFor } from './hostile.js';

const fakes = useFakes();
const STATUSES = [400, 401, 403, 404, 409, 429, 500, 503];

/** A fake whose answers come from `answer` (undefined: the normal page). */
async function hostileFake(api: Api) {
  let answer: ((request: FakeRequest) => FakeReply | undefined) | undefined;
  const fake = await fakes.start(api, { count: 6, tableBackupRatio: 0, fault: (request) => answer?.(request) });
  return { fake, answer: (fn: typeof answer) => (answer = fn) };
}

/** What the server echoes: the credentials of this request plus the secret key it is assumed to know. */
const echo = (request: FakeRequest) => [...credentialsIn(request), SECRETS.secretKey];

describe.each(APIS)('%s: no secret in any error', (api) => {
  it.each(authVariants(api))('%s: every status × every echo shape, from listBackups and mid-walk', async (variant) => {
    const { fake, answer } = await hostileFake(api);
    const client = clientFor(api, fake, { auth: AUTH_VARIANTS[variant] });
    const found: string[] = [];
    let errors = 0;
    const check = (context: string, error: unknown) => {
      if (!(error instanceof ApiError)) return found.push(`${context}: threw ${String(error)}, not an ApiError`);
      errors++;
      for (const leak of leaks(error, secretsFor(variant, fake.requests))) found.push(`${context}: ${leak}`);
    };

    for (const status of STATUSES) {
      for (const shape of ECHO_SHAPES) {
        answer((request) => hostileReply(api, status, shape, echo(request)));
        check(`listBackups ${status} ${shape}`, await client.listBackups({ limit: 2 }).catch((e: unknown) => e));
      }
    }
    const walk = async () => {
      for await (const item of client.iterateBackups({ limit: 2 })) void item;
      return 'the walk completed';
    };
    // a 200 the client cannot use: HTML (listBackups), JSON without the items array (a walk)
    answer((request) => hostileReply(api, 200, 'html', echo(request)));
    check('listBackups 200 html', await client.listBackups({ limit: 2 }).catch((e: unknown) => e));
    answer((request) => hostileReply(api, 200, 'everywhere', echo(request)));
    check('iterateBackups 200 without items', await walk().catch((e: unknown) => e));
    // mid-walk: the first page is fine, the second echoes everything (the error carries `resume`)
    for (const status of [401, 500]) {
      let n = 0;
      answer((request) => (n++ === 0 ? undefined : hostileReply(api, status, 'everywhere', echo(request))));
      check(`iterateBackups page 2 ${status}`, await walk().catch((e: unknown) => e));
    }
    // no answer at all
    answer(() => ({ status: 0, destroy: true }));
    check('listBackups connection reset', await client.listBackups({ limit: 2 }).catch((e: unknown) => e));

    expect(found).toEqual([]);
    const cases = STATUSES.length * ECHO_SHAPES.length + 2 + 2 + 1;
    expect(errors, 'every case ended in an ApiError').toBe(cases);
    expect(fake.requests.length).toBeGreaterThanOrEqual(cases);
    expect(fake.requests.every((r) => credentialsIn(r).length > 0), 'every request carried credentials').toBe(true);
  });
});

describe('the leak check can fail', () => {
  it('finds a secret in a key, deeper than 8 levels, in a header-born field and in inspect output', () => {
    const secret = 'the-secret-value-0123';
    let deep: Record<string, unknown> = { leaf: secret };
    for (let i = 0; i < 12; i++) deep = { inner: deep };
    const error = new ApiError({ status: 400, service: 'cbr', message: 'plain', body: { [secret]: 1 } });
    expect(leaks(error, [secret])).toContain('the-secret-v… in JSON.stringify(err)');
    const nested = new ApiError({ status: 400, service: 'cbr', message: 'plain', requestId: 'r', body: deep });
    expect(leaks(nested, [secret]).length).toBeGreaterThan(0);
    expect(leaks(new ApiError({ status: 400, service: 'cbr', message: 'plain', requestId: secret }), [secret])).toContain('the-secret-v… in err.requestId');
    expect(leaks(new ApiError({ status: 400, service: 'cbr', message: 'clean' }), [secret])).toEqual([]);
  });
});
