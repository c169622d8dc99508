// Retries and timeouts against a fault-injecting fake (test/fakes): which answers are retried,
// Retry-After in seconds and as an HTTP date, backoff with full jitter, the attempts bound and the
// deadline. Sleep, random and clock are injected so that no test waits for real backoff.
import { describe, expect, it } from 'vitest';
import { backoffDelay, createRetryingFetch, parseRetryAfter, type Sleep } from '../../src/core/retry.js';
import { ApiError, createCbrClient, createVbsClient } from '../../src/index.js';
import type { Fake } from '../fakes/index.js';
import { useFakes } from '../support/clients.js';

const fakes = useFakes();
let fake: Fake;

function recorder() {
  const delays: number[] = [];
  const sleep: Sleep = async (ms) => {
    delays.push(ms);
  };
  return { delays, sleep };
}

const get = (url: string) => new Request(url, { headers: { 'X-Auth-Token': 'token-abc' } });

describe('createRetryingFetch against the fake', () => {
  it('503 then 200: retried once after a full-jitter delay', async () => {
    fake = await fakes.start('cbr', { count: 5 });
    fake.failNext(fake.errorReply(503));
    const { delays, sleep } = recorder();
    const f = createRetryingFetch({ service: 'cbr', attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, sleep, random: () => 0.5 });
    const res = await f(get(`${fake.listUrl}?limit=2`));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { backups: unknown[] }).backups).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
    expect(delays).toEqual([50]); // 0.5 * min(1000, 100 * 2^0)
  });

  it.each([429, 500, 502, 503, 504])('%i is retried', async (status) => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ status, body: { error_code: 'X', error_msg: 'y' } });
    const { sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep })(get(fake.listUrl));
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 501])('%i is not retried', async (status) => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext(fake.errorReply(status), 3);
    const { delays, sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep })(get(fake.listUrl));
    expect(res.status).toBe(status);
    expect(fake.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('Retry-After in seconds is honoured instead of the backoff', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ ...fake.errorReply(429), headers: { 'Retry-After': '3' } });
    const { delays, sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep, random: () => 0 })(get(fake.listUrl));
    expect(res.status).toBe(200);
    expect(delays).toEqual([3000]);
  });

  it('Retry-After as an HTTP date is honoured', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    fake.failNext({ ...fake.errorReply(503), headers: { 'Retry-After': new Date(now + 7000).toUTCString() } });
    const { delays, sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep, now: () => now })(get(fake.listUrl));
    expect(res.status).toBe(200);
    expect(delays).toEqual([7000]);
  });

  it('a Retry-After beyond the deadline is not waited for: the 503 is returned at once', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ ...fake.errorReply(503), headers: { 'Retry-After': '120' } });
    const { delays, sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep, timeoutMs: 10_000 })(get(fake.listUrl));
    expect(res.status).toBe(503);
    expect(delays).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('attempts bound the tries; backoff doubles up to maxDelayMs', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext(fake.errorReply(503), 10);
    const { delays, sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', attempts: 5, baseDelayMs: 100, maxDelayMs: 300, sleep, random: () => 0.999999 })(get(fake.listUrl));
    expect(res.status).toBe(503);
    expect(fake.requests).toHaveLength(5);
    expect(delays).toEqual([99, 199, 299, 299]);
  });

  it('a dropped connection is retried; after the last attempt it is an ApiError NETWORK_ERROR', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ status: 0, destroy: true });
    const { sleep } = recorder();
    const ok = await createRetryingFetch({ service: 'cbr', sleep })(get(fake.listUrl));
    expect(ok.status).toBe(200);

    fake.failNext({ status: 0, destroy: true }, 3);
    const before = fake.requests.length;
    const error = await createRetryingFetch({ service: 'cbr', attempts: 3, sleep })(get(fake.listUrl)).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', service: 'cbr' });
    expect(fake.requests.length - before).toBe(3);
  });

  it('POST is never retried', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext(fake.errorReply(503), 3);
    const { sleep } = recorder();
    const res = await createRetryingFetch({ service: 'cbr', sleep })(new Request(fake.listUrl, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(503);
    expect(fake.requests).toHaveLength(1);
  });

  it('timeoutMs bounds a slow answer (real timer): ApiError TIMEOUT', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ status: 200, body: { backups: [], count: 0 }, delayMs: 3000 });
    const started = Date.now();
    const error = await createRetryingFetch({ service: 'cbr', timeoutMs: 150 })(get(fake.listUrl)).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT' });
    expect(String(error.message)).toContain('timeoutMs');
  });

  it("the caller's abort stops at once with the signal's reason and is not retried", async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ status: 200, body: { backups: [], count: 0 }, delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    const error = await createRetryingFetch({ service: 'cbr' })(new Request(fake.listUrl, { signal: controller.signal })).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('stop now');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('Retry-After and backoff helpers', () => {
  it('parses seconds and HTTP dates; rejects junk', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfter(new Date(now + 2000).toUTCString(), now)).toBe(2000);
    expect(parseRetryAfter(new Date(now - 2000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('full jitter: 0 ≤ delay < min(max, base·2^(n-1))', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(200);
    expect(backoffDelay(20, 100, 10_000, () => 0.5)).toBe(5000);
  });
});

describe('retries through the clients', () => {
  it('cbr: a 503 then 200 gives the page; a 400 is thrown at once as ApiError', async () => {
    fake = await fakes.start('cbr', { count: 3 });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 'token-abc' }, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    fake.failNext(fake.errorReply(503));
    const page = await client.listBackups({ limit: 10 });
    expect(page.backups).toHaveLength(3);
    expect(fake.requests).toHaveLength(2);

    fake.failNext(fake.errorReply(400, 'limit is bad'), 3);
    const error = await client.listBackups({ limit: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(fake.requests).toHaveLength(3);
  });

  it('vbs: retry: false makes one try; the 503 surfaces as ApiError serviceUnavailable', async () => {
    fake = await fakes.start('vbs', { count: 3 });
    const client = createVbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 't-000000' }, retry: false });
    fake.failNext(fake.errorReply(503), 2);
    const error = await client.listBackups().catch((e) => e);
    expect(error).toMatchObject({ status: 503, code: 'serviceUnavailable', service: 'vbs' });
    expect(fake.requests).toHaveLength(1);
  });

  it('a client timeout includes the retries: slow 503s end with TIMEOUT, not with more attempts', async () => {
    fake = await fakes.start('cbr', { count: 1 });
    fake.failNext({ ...fake.errorReply(503), delayMs: 120 }, 10);
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 'token-abc' }, timeoutMs: 300, retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await client.listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    // attempts at ~0, ~120 and ~240 ms; the third is cut off by the 300 ms deadline
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT' });
    // it did retry (at least a second attempt after the first slow 503), but no more than fit in the deadline
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
  });
});
