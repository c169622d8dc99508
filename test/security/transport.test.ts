// Headers that break every request are refused up front, and a caller's AbortSignal does not
// collect one listener per page in flight (issue 9 item 6).
import { describe, expect, it } from 'vitest';
import { APIS, clientFor, createClient, ids, referenceIds, useFakes, AUTH } from '../support/clients.js';
import { listenerWarnings, warningsDuring } from '../support/warnings.js';

const fakes = useFakes();

const HOP_BY_HOP = { 'Transfer-Encoding': 'chunked', 'transfer-encoding': 'gzip', Connection: 'close', CONNECTION: 'keep-alive, Upgrade' };

describe.each(APIS)('%s: hop-by-hop headers', (api) => {
  it.each(Object.entries(HOP_BY_HOP))('`%s: %s` in the client headers is a TypeError at construction, naming it', (name, value) => {
    let error: unknown;
    try {
      createClient(api, { endpoint: 'https://api.example.test', projectId: 'p1', auth: AUTH.token, headers: { [name]: value } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message.toLowerCase()).toContain(name.toLowerCase());
    // the same construction without it is fine (the refusal is about this header)
    expect(createClient(api, { endpoint: 'https://api.example.test', projectId: 'p1', auth: AUTH.token, headers: { 'X-Trace': '1' } }).baseUrl).toBe('https://api.example.test');
  });

  it('in the per-call headers it is a TypeError before any request; a clean call does reach the server', async () => {
    const fake = await fakes.start(api, { count: 2 });
    const client = clientFor(api, fake);
    for (const [name, value] of Object.entries(HOP_BY_HOP)) {
      const error = await client.listBackups({}, { headers: { [name]: value } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(TypeError);
      expect((error as Error).message.toLowerCase()).toContain(name.toLowerCase());
    }
    expect(fake.requests).toHaveLength(0);
    await client.listBackups({}, { headers: { 'X-Trace': '1' } });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('a signal with 16 pages in flight', () => {
  it('cbr, concurrency 16: no MaxListenersExceededWarning, every backup once, 16 requests really in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = await fakes.start('cbr', {
      count: 120,
      fault: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15));
        inFlight--;
        return undefined;
      },
    });
    const expected = await referenceIds('cbr', fake);
    maxInFlight = 0;
    const warnings = await warningsDuring(async () => {
      const controller = new AbortController();
      const got = await ids(clientFor('cbr', fake, { concurrency: 16 }).iterateBackups({ limit: 3 }, { signal: controller.signal }));
      expect(got).toEqual(expected);
    });
    expect(maxInFlight).toBeGreaterThanOrEqual(11);
    expect(listenerWarnings(warnings)).toEqual([]);
  });
});
