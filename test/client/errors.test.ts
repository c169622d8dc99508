// ApiError: fields from the Huawei body, the Cinder fault body, keystonemiddleware's 401, a non-JSON
// body and an empty one; and secrets (tokens, secret keys, signatures) never in message,
// toString(), stack, cause, body or JSON.stringify.
import { describe, expect, it } from 'vitest';
import { parseErrorBody, redactPatterns } from '../../src/core/errors.js';
import { ApiError, createCbrClient, createCsbsClient, createGeminiDbClient, createVbsClient } from '../../src/index.js';
import type { Fake } from '../fakes/index.js';
import { useFakes } from '../support/clients.js';

const fakes = useFakes();
let fake: Fake;

const TOKEN = 'MIIDtoken-SECRET-0123456789abcdef';
const SK = 'SK-very-SECRET-key-9876543210';

function everyText(error: ApiError): string[] {
  const cause = error.cause as Error | undefined;
  return [
    error.message,
    String(error),
    error.toString(),
    error.stack ?? '',
    JSON.stringify(error),
    String(JSON.stringify(error.body)),
    cause ? `${cause.message} ${cause.stack ?? ''} ${JSON.stringify(cause)}` : '',
  ];
}

describe('ApiError fields', () => {
  it('Huawei body: code = error_code, message = error_msg, requestId from X-Request-Id', async () => {
    fake = await fakes.start('cbr', { count: 2 });
    fake.failNext({ status: 403, body: { error_code: 'BackupService.6302', error_msg: 'Not allowed to list backups' }, headers: { 'X-Request-Id': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' } });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN } });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ApiError');
    expect(error.status).toBe(403);
    expect(error.service).toBe('cbr');
    expect(error.code).toBe('BackupService.6302');
    expect(error.requestId).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(error.message).toContain('Not allowed to list backups');
    expect(error.message).toContain('403');
    expect(error.method).toBe('GET');
    expect(error.url).toBe(fake.listUrl);
    expect(error.body).toEqual({ error_code: 'BackupService.6302', error_msg: 'Not allowed to list backups' });
    expect(error.resume).toBeUndefined();
  });

  it("the gateway's 401 (the fake's own body) and 429 with Retry-After", async () => {
    fake = await fakes.start('geminidb', { count: 2, token: 'the-right-token' });
    const client = createGeminiDbClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 'a-wrong-token' }, retry: false });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error).toMatchObject({ status: 401, code: 'APIGW.0301', service: 'geminidb' });
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);

    fake.failNext({ ...fake.errorReply(429), headers: { 'Retry-After': '30' } });
    const throttled = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(throttled).toMatchObject({ status: 429, retryAfterMs: 30_000 });
  });

  it('Cinder fault body: code = the fault name, requestId from x-openstack-request-id', async () => {
    fake = await fakes.start('vbs', { count: 2 });
    fake.failNext({
      status: 404,
      body: { itemNotFound: { code: 404, message: 'Backup 592a0c4d-0000-4000-8000-000000000000 could not be found.' } },
      headers: { 'x-openstack-request-id': 'req-1b2c3d4e-0000-4000-8000-000000000001' },
    });
    const client = createVbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN } });
    const error = (await client.listBackups({ marker: '592a0c4d-0000-4000-8000-000000000000' }).catch((e) => e)) as ApiError;
    expect(error).toMatchObject({ status: 404, service: 'vbs', code: 'itemNotFound', requestId: 'req-1b2c3d4e-0000-4000-8000-000000000001' });
    expect(error.message).toContain('could not be found');
  });

  it("the fake's real vbs 400 (bad limit) and keystonemiddleware's 401 body", async () => {
    fake = await fakes.start('vbs', { count: 2, token: 'right-token' });
    const client = createVbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 'wrong-token' } });
    const unauthorized = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.code).toBe('Unauthorized');
    expect(unauthorized.message).toContain('requires authentication');
    expect(unauthorized.requestId).toMatch(/^req-/);
  });

  it('a non-JSON body becomes the message; an empty body falls back to the status text', async () => {
    fake = await fakes.start('csbs', { count: 2 });
    const client = createCsbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN }, retry: false });
    fake.failNext({ status: 502, body: '<html><body>Bad Gateway from nginx</body></html>', headers: { 'Content-Type': 'text/html' } });
    const html = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(html).toMatchObject({ status: 502, code: undefined });
    expect(html.message).toContain('Bad Gateway from nginx');
    expect(html.body).toBe('<html><body>Bad Gateway from nginx</body></html>');

    fake.failNext({ status: 500 });
    const empty = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(empty).toMatchObject({ status: 500, code: undefined });
    expect(empty.message).toContain('Internal Server Error');
  });

  it('a 200 without a JSON object is INVALID_RESPONSE; iterate needs the items array', async () => {
    fake = await fakes.start('cbr', { count: 2 });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN } });
    fake.failNext({ status: 200, body: 'not json', headers: { 'Content-Type': 'text/plain' } });
    await expect(client.listBackups()).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    fake.failNext({ status: 200, body: { items: [] } });
    const it = client.iterateBackups();
    await expect(it.next()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('parseErrorBody reads every documented shape', () => {
    expect(parseErrorBody({ error_code: 'DBS.200001', error_msg: 'Parameter error', request_id: 'r1' })).toEqual({ code: 'DBS.200001', message: 'Parameter error', requestId: 'r1' });
    expect(parseErrorBody({ error: { code: 'APIGW.0101', message: 'nope' } })).toEqual({ code: 'APIGW.0101', message: 'nope', requestId: undefined });
    expect(parseErrorBody({ error: { code: 401, title: 'Unauthorized', message: 'auth needed' } })).toMatchObject({ code: 'Unauthorized', message: 'auth needed' });
    expect(parseErrorBody({ computeFault: { code: 406, message: 'Version 3.99 is not supported' } })).toMatchObject({ code: 'computeFault', message: 'Version 3.99 is not supported' });
    expect(parseErrorBody({ type: 'https://stoplight.io/prism/errors#UNAUTHORIZED', title: 'Invalid security scheme used', status: 401, detail: '' })).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid security scheme used' });
    expect(parseErrorBody('plain text')).toMatchObject({ code: undefined, message: 'plain text' });
    expect(parseErrorBody(undefined)).toEqual({ code: undefined, message: undefined, requestId: undefined });
  });
});

describe('secrets never leak', () => {
  it('a token echoed by the server is redacted from message, toString, stack, body and JSON', async () => {
    fake = await fakes.start('cbr', { count: 2 });
    fake.failNext({ status: 401, body: { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: token ${TOKEN} expired`, request_id: 'abc' } });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN } });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error.status).toBe(401);
    for (const text of everyText(error)) expect(text).not.toContain(TOKEN);
    expect(error.message).toContain('[REDACTED]');
  });

  it("a provider's token, echoed in a header-like text, is redacted too", async () => {
    fake = await fakes.start('vbs', { count: 2 });
    const dynamic = 'gAAAAABdynamicTOKENvalue0000111122223333';
    fake.failNext({ status: 400, body: { badRequest: { code: 400, message: `bad request; X-Auth-Token: ${dynamic}` } } });
    const client = createVbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: () => dynamic } });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    for (const text of everyText(error)) expect(text).not.toContain(dynamic);
  });

  it('AK/SK: secret key, security token and signature echoed back are all redacted', async () => {
    const securityToken = 'SECURITY-TOKEN-temporary-abcdef012345';
    fake = await fakes.start('csbs', {
      count: 2,
      fault: (request) => ({
        status: 403,
        body: {
          error_code: 'CSBS.9009',
          error_msg: `denied: ${String(request.headers.authorization)} sk=${SK} st=${String(request.headers['x-security-token'])}`,
        },
      }),
    });
    const client = createCsbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { accessKey: 'AKPUBLIC', secretKey: SK, securityToken } });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error.status).toBe(403);
    const signature = /Signature=([0-9a-f]{64})/.exec(String(fake.requests[0]!.headers.authorization))![1]!;
    for (const text of everyText(error)) {
      expect(text).not.toContain(SK);
      expect(text).not.toContain(securityToken);
      expect(text).not.toContain(signature);
    }
    expect(error.message).toContain('AKPUBLIC'); // the access key is an identifier, not a secret
  });

  it('network errors keep a redacted cause; options errors never echo a credential', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ status: 0, destroy: true });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: TOKEN }, retry: false });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
    expect(error.cause).toBeInstanceOf(Error);
    for (const text of everyText(error)) expect(text).not.toContain(TOKEN);

    const badToken = `${TOKEN} with a space`;
    let thrown: unknown;
    try {
      createCbrClient({ region: 'ap-southeast-1', projectId: 'p', auth: { token: badToken } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).message)).toContain('auth.token');
    expect(String((thrown as Error).message)).not.toContain(TOKEN);
  });

  it('a failing token provider is AUTH_PROVIDER_FAILED with the original error as cause', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    const client = createCbrClient({
      endpoint: fake.url,
      projectId: fake.projectId,
      auth: {
        token: () => {
          throw new Error('IAM is down');
        },
      },
    });
    const error = (await client.listBackups().catch((e) => e)) as ApiError;
    expect(error).toMatchObject({ code: 'AUTH_PROVIDER_FAILED', status: 0 });
    expect((error.cause as Error).message).toBe('IAM is down');
    expect(fake.requests).toHaveLength(0);

    const empty = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: async () => '' } });
    await expect(empty.listBackups()).rejects.toMatchObject({ code: 'AUTH_PROVIDER_FAILED' });
  });

  it('pattern redaction catches signatures and token headers it was not told about', () => {
    expect(redactPatterns('Signature=0123456789abcdef0123456789abcdef, x')).toBe('Signature=[REDACTED], x');
    expect(redactPatterns('{"X-Auth-Token": "abc.def"}')).toBe('{"X-Auth-Token": "[REDACTED]"}');
    expect(redactPatterns('authorization=SDK-HMAC-SHA256')).toBe('authorization=[REDACTED]');
  });
});
