// Cinder (vbs) reads its flags with oslo's strict boolean parser: `1/0, t/f, true/false, on/off,
// y/n, yes/no` in any case, and a 400 for anything else. python-cinderclient sends `True`. The
// description, the Prism mock and the stateful fake must all accept exactly that set. The flags
// are found in the bundle (every query parameter whose schema admits a boolean), so a new flag is
// covered without editing this file.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFake, type Fake } from '../fakes/index.js';
import { buildPath, parameters } from '../support/params.js';
import { responseSchema, validateAgainst } from '../support/schema.js';

const OSLO = ['1', '0', 't', 'f', 'true', 'false', 'on', 'off', 'y', 'n', 'yes', 'no'];
/** Every oslo spelling in lower, upper, capitalised and one mixed case. */
const ACCEPTED = [...new Set(OSLO.flatMap((v) => [v, v.toUpperCase(), v[0]!.toUpperCase() + v.slice(1), v.replace(/^(.)(.)/, (_, a, b) => a + b.toUpperCase())]))];
/** Near misses Cinder answers with 400 (`is_valid_boolstr` neither trims nor guesses). */
const REFUSED = ['maybe', '2', '-1', 'truee', 'ye', 'of', 'none', 'null', ' true', 'true ', 'yes!', 'oui'];

const flags = parameters('vbs').filter((p) => p.in === 'query' && (p.schema?.type === 'boolean' || p.schema?.anyOf?.some((s: any) => s.type === 'boolean')));
const HEADERS = { 'X-Auth-Token': 'flags-test-token', 'OpenStack-API-Version': 'volume 3.45' };

describe('vbs boolean flags accept what Cinder accepts', () => {
  const base = () => inject('mockUrls').vbs as string;

  it('the description has the flags this suite is about', () => {
    expect(flags.map((p) => p.name).sort()).toEqual(['all_tenants', 'with_count']);
  });

  it.each(flags.map((p) => [p.name, p] as const))('Prism mock: %s takes every oslo spelling (%#)', async (name) => {
    expect(ACCEPTED.length).toBeGreaterThan(30);
    for (const value of ACCEPTED) {
      const res = await fetch(`${base()}${buildPath('vbs')}?${name}=${encodeURIComponent(value)}`, { headers: HEADERS });
      await res.text();
      expect([res.status, res.headers.get('sl-violations')], `${name}=${value}`).toEqual([200, null]);
    }
  });

  it.each(flags.map((p) => [p.name, p] as const))('Prism mock: %s refuses near misses with the Cinder badRequest fault', async (name) => {
    for (const value of REFUSED) {
      const res = await fetch(`${base()}${buildPath('vbs')}?${name}=${encodeURIComponent(value)}`, { headers: HEADERS });
      const body = await res.json();
      expect(res.status, `${name}=${JSON.stringify(value)}`).toBe(400);
      expect(res.headers.get('sl-violations')).toContain(name);
      expect(body.badRequest?.code).toBe(400);
      expect(body.badRequest.message, 'the documented example for this flag').toContain(name);
      expect(validateAgainst('vbs', responseSchema('vbs', '400'), body).errors).toEqual([]);
    }
  });

  describe('the stateful fake parses them the same way', () => {
    let fake: Fake;
    beforeAll(async () => { fake = await startFake('vbs', { count: 30, seed: 'flags' }); });
    afterAll(async () => { await fake?.close(); });

    it.each(flags.map((p) => [p.name] as const))('%s', async (name) => {
      for (const value of ACCEPTED) {
        const res = await fetch(`${fake.listUrl}?${name}=${encodeURIComponent(value)}`, { headers: HEADERS });
        const body = await res.json();
        expect(res.status, `${name}=${value}`).toBe(200);
        if (name === 'with_count') expect(body.count, `${name}=${value}`).toBe(OSLO.indexOf(value.toLowerCase()) % 2 === 0 ? 30 : undefined);
      }
      for (const value of REFUSED) {
        const res = await fetch(`${fake.listUrl}?${name}=${encodeURIComponent(value)}`, { headers: HEADERS });
        const body = await res.json();
        expect(res.status, `${name}=${JSON.stringify(value)}`).toBe(400);
        expect(body.badRequest.message).toContain(value);
      }
    });
  });
});
