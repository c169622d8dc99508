// A client nobody here wrote: Huawei's official Node SDK for GeminiDB
// (@huaweicloud/huaweicloud-sdk-gaussdbfornosql), signing with AK/SK, calls
// showAllInstancesBackupsNew with every query parameter it offers, against the Prism mock of the
// bundle and against the stateful fake behind the validating Prism proxy. A recording proxy in
// between shows what the SDK sent and that Prism found 0 violations; the SDK must hand back the
// answer with its fields filled in.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import core from '@huaweicloud/huaweicloud-sdk-core';
import nosql from '@huaweicloud/huaweicloud-sdk-gaussdbfornosql';
import { startFake, type Fake } from '../fakes/index.js';
import { loadBundle } from '../support/apis.js';
import { startPrismMock, type RunningServer } from '../support/prism.js';
import { startRecorder, type Recorder } from '../support/recorder.js';
import { listOperation, resolvePointer, responseSchema, validateAgainst } from '../support/schema.js';

const { BasicCredentials } = core;
const { GaussDBforNoSQLClient, ShowAllInstancesBackupsNewRequest } = nosql;
const PROJECT = '0605767b5780d5762fc5c0118072a564';

/** The query parameters the SDK's request model offers (its `with…` setters), by wire name. */
const SDK_PARAMS = ['instance_id', 'datastore_type', 'backup_id', 'backup_type', 'type', 'limit', 'offset', 'begin_time', 'end_time'];

interface Query {
  instance_id: string; datastore_type: string; backup_id: string; backup_type: string; type: string;
  limit: number; offset: number; begin_time: string; end_time: string;
}

function sdkClient(endpoint: string) {
  const credentials = new BasicCredentials().withAk('AKEXAMPLEEXAMPLE0001').withSk('sk-example-not-a-secret').withProjectId(PROJECT);
  return GaussDBforNoSQLClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).build();
}

async function call(endpoint: string, q: Query) {
  const request = new ShowAllInstancesBackupsNewRequest()
    .withInstanceId(q.instance_id).withDatastoreType(q.datastore_type).withBackupId(q.backup_id)
    .withBackupType(q.backup_type).withType(q.type).withLimit(q.limit).withOffset(q.offset)
    .withBeginTime(q.begin_time).withEndTime(q.end_time);
  return (await sdkClient(endpoint).showAllInstancesBackupsNew(request)) as any;
}

/** What every exchange must show: AK/SK signed, every parameter sent as given, 0 violations. */
function expectCleanExchange(recorder: Recorder, q: Query) {
  expect(recorder.exchanges).toHaveLength(1);
  const [exchange] = recorder.exchanges;
  const sent = new URL(exchange!.url, 'http://x').searchParams;
  expect(new URL(exchange!.url, 'http://x').pathname).toBe(`/v3.1/${PROJECT}/backups`);
  expect([...new Set(sent.keys())].sort()).toEqual([...SDK_PARAMS].sort());
  for (const name of SDK_PARAMS) expect(sent.get(name), name).toBe(String(q[name as keyof Query]));
  expect(exchange!.requestHeaders.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKEXAMPLEEXAMPLE0001, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/);
  expect(exchange!.responseHeaders['sl-violations'], String(exchange!.responseHeaders['sl-violations'])).toBeUndefined();
  expect(exchange!.status, exchange!.body).toBe(200);
  return JSON.parse(exchange!.body);
}

/** The SDK's answer carries the page as sent: counts, and every backup with its fields. */
function expectDeserialised(answer: any, wire: any) {
  expect(answer.httpStatusCode).toBe(200);
  expect(answer.total_count).toBe(wire.total_count);
  expect(answer.backups).toHaveLength(wire.backups.length);
  answer.backups.forEach((backup: any, i: number) => {
    const sent = wire.backups[i];
    for (const field of ['id', 'name', 'instance_id', 'instance_name', 'type', 'status', 'size', 'begin_time']) {
      expect(backup[field], field).toBe(sent[field]);
      expect(backup[field], field).not.toBeUndefined();
    }
    expect(backup.datastore).toEqual(sent.datastore);
    expect(backup.datastore.type).toEqual(expect.any(String));
  });
}

describe('official Huawei GeminiDB SDK: showAllInstancesBackupsNew', () => {
  describe('against the Prism mock of the bundle', () => {
    let recorder: Recorder;
    beforeAll(async () => { recorder = await startRecorder(inject('mockUrls').geminidb!); });
    afterAll(async () => { await recorder?.close(); });

    it('sends every parameter it offers, signed; 0 violations; the documented example page comes back filled in', async () => {
      const q: Query = {
        instance_id: 'c0c9f155c7b7423a9d30f0175998b63bin01', datastore_type: 'cassandra', backup_id: '43e4feaab48f11e89039fa163ebaa7e4br01',
        backup_type: 'Auto', type: 'DatabaseTable', limit: 10, offset: 0, begin_time: '2019-05-27T03:38:51+0000', end_time: '2019-05-28T03:38:51+0000',
      };
      const answer = await call(recorder.url, q);
      const wire = expectCleanExchange(recorder, q);
      const bundle = loadBundle('geminidb');
      const examples = listOperation(bundle).responses['200'].content['application/json'].examples;
      const first: any = Object.values(examples)[0];
      expect(wire).toEqual((first.$ref ? resolvePointer(bundle, first.$ref) : first).value);
      expect(wire.backups.length).toBeGreaterThan(0);
      expectDeserialised(answer, wire);
      expect(answer.backups[0].database_tables?.[0]?.database_name).toEqual(expect.any(String));
    });
  });

  describe('against the stateful fake behind the validating proxy', () => {
    let fake: Fake;
    let proxy: RunningServer;
    let recorder: Recorder;
    beforeAll(async () => {
      fake = await startFake('geminidb', { count: 120, seed: 'huawei-sdk' });
      proxy = await startPrismMock('geminidb', { upstream: fake.url, errors: true });
      recorder = await startRecorder(proxy.url);
    });
    afterAll(async () => {
      await recorder?.close();
      await proxy?.close();
      await fake?.close();
    });

    const instanceBackups = () => fake.items.filter((b) => !Array.isArray(b.database_tables));

    it.each([['Instance'], ['DatabaseTable']])('type=%s with every other filter set to one stored backup → that backup, 0 violations', async (type) => {
      recorder.exchanges.length = 0;
      const target = (type === 'Instance' ? instanceBackups() : fake.items.filter((b) => Array.isArray(b.database_tables)))[0]!;
      expect(target).toBeDefined();
      const at = Date.parse(target.begin_time.replace(/\+0000$/, 'Z'));
      const time = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
      const q: Query = {
        instance_id: target.instance_id, datastore_type: target.datastore.type, backup_id: target.id, backup_type: target.type, type,
        limit: 5, offset: 0, begin_time: time(at - 60_000), end_time: time(at + 60_000),
      };
      const answer = await call(recorder.url, q);
      const wire = expectCleanExchange(recorder, q);
      expect(wire.backups.map((b: any) => b.id)).toEqual([target.id]);
      expect(validateAgainst('geminidb', responseSchema('geminidb', '200'), wire).errors).toEqual([]);
      expectDeserialised(answer, wire);
    });

    it('pages with limit/offset through every instance backup, each page clean and filled in', async () => {
      recorder.exchanges.length = 0;
      const seen: string[] = [];
      for (let offset = 0; ; offset += 25) {
        const request = new ShowAllInstancesBackupsNewRequest().withType('Instance').withLimit(25).withOffset(offset);
        const answer: any = await sdkClient(recorder.url).showAllInstancesBackupsNew(request);
        const exchange = recorder.exchanges.at(-1)!;
        expect(exchange.responseHeaders['sl-violations']).toBeUndefined();
        expectDeserialised(answer, JSON.parse(exchange.body));
        seen.push(...answer.backups.map((b: any) => b.id));
        if (offset + 25 >= answer.total_count) break;
      }
      expect(recorder.exchanges.length).toBeGreaterThan(1);
      expect(seen.sort()).toEqual(instanceBackups().map((b) => b.id).sort());
    });
  });
});
