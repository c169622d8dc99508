// (a) One list call against a pre-serialised 100-item GeminiDB page: raw fetch (the floor), bare
// openapi-fetch, our client with a token and with AK/SK, and the official SDK with AK/SK.
// Contenders take turns, in a new shuffled order every round, so that drift on a shared machine
// and the garbage each leaves behind hit them alike (a fixed rotation had raw fetch always run
// right after the SDK; a forced GC between turns made V8 drop compiled code and skewed the other
// way); each round makes `calls` calls per contender, and the figure is the median of the
// rounds' means. Beside wall time, the CPU time this process spent per call (the client's own
// work plus the kernel's; the server runs in another process), which shared machines disturb less.
import { createRequire } from 'node:module';
import createClient from 'openapi-fetch';
import { median, importClient } from './util.mjs';

const require = createRequire(import.meta.url);
const PROJECT_ID = '0605767b5780d5762fc5c0118072a564';
const TOKEN = 'bench-token-0123456789';
const AK = 'BENCHACCESSKEY0123';
const SK = 'bench-secret-key-0123456789abcdef';
const PATH = `/v3.1/${PROJECT_ID}/backups`;

async function contenders(clientDir, baseUrl) {
  const { createGeminiDbClient } = await importClient(clientDir, 'geminidb/index.js');
  const bare = createClient({ baseUrl });
  const withToken = createGeminiDbClient({ endpoint: baseUrl, projectId: PROJECT_ID, auth: { token: TOKEN } });
  const withAkSk = createGeminiDbClient({ endpoint: baseUrl, projectId: PROJECT_ID, auth: { accessKey: AK, secretKey: SK } });
  const core = require('@huaweicloud/huaweicloud-sdk-core');
  const nosql = require('@huaweicloud/huaweicloud-sdk-gaussdbfornosql');
  const credentials = new core.BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT_ID);
  const sdk = nosql.GaussDBforNoSQLClient.newBuilder().withCredential(credentials).withEndpoint(baseUrl).build();
  const check = (page) => {
    if (page.backups.length !== 100) throw new Error(`expected 100 backups, got ${page.backups.length}`);
  };
  return [
    ['raw fetch + res.json() (the floor)', async () => check(await (await fetch(`${baseUrl}${PATH}?limit=100`, { headers: { 'X-Auth-Token': TOKEN } })).json())],
    ['bare openapi-fetch GET', async () => check((await bare.GET('/v3.1/{project_id}/backups', { params: { path: { project_id: PROJECT_ID }, query: { limit: 100 } }, headers: { 'X-Auth-Token': TOKEN } })).data)],
    ['ours, token', async () => check(await withToken.listBackups({ limit: 100 }))],
    ['ours, AK/SK', async () => check(await withAkSk.listBackups({ limit: 100 }))],
    ['official SDK showAllInstancesBackupsNew, AK/SK', async () => {
      const request = new nosql.ShowAllInstancesBackupsNewRequest();
      request.limit = 100;
      check(await sdk.showAllInstancesBackupsNew(request));
    }],
  ];
}

/** µs per synchronous AK/SK signature of a GeminiDB list request (the signer the client uses). */
async function signingCost(clientDir, iterations) {
  const { prepareSigningKey, signSync } = await importClient(clientDir, 'core/auth.js');
  if (typeof signSync !== 'function') return null;
  const key = prepareSigningKey(SK);
  const input = {
    method: 'GET',
    url: `https://gaussdb-nosql.ap-southeast-1.myhuaweicloud.com${PATH}?limit=100&offset=300`,
    headers: { 'X-Sdk-Date': '20260101T000000Z', 'X-Project-Id': PROJECT_ID },
  };
  const credentials = { accessKey: AK, secretKey: key };
  for (let i = 0; i < iterations; i++) signSync(input, credentials);
  // CPU time, median of 9 batches: the signer is pure computation, so time on CPU is its cost
  // even while other processes share the machine.
  const batches = [];
  for (let b = 0; b < 9; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) signSync(input, credentials);
    const used = process.cpuUsage(start);
    batches.push((used.user + used.system) / iterations);
  }
  return median(batches);
}

export async function perCall({ clientDir, baseUrl, rounds, calls, warmup }) {
  const list = await contenders(clientDir, baseUrl);
  for (const [, call] of list) for (let i = 0; i < warmup; i++) await call();
  const wall = list.map(() => []);
  const cpu = list.map(() => []);
  const random = seededRandom(10);
  for (let round = 0; round < rounds; round++) {
    for (const index of shuffled(list.length, random)) {
      const call = list[index][1];
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < calls; i++) await call();
      wall[index].push(((performance.now() - start) * 1000) / calls);
      const used = process.cpuUsage(cpuStart);
      cpu[index].push((used.user + used.system) / calls);
    }
  }
  const floor = median(wall[0]);
  const rows = list.map(([name], i) => ({
    name,
    usPerCall: Math.round(median(wall[i])),
    ratio: +(median(wall[i]) / floor).toFixed(2),
    cpuUsPerCall: Math.round(median(cpu[i])),
  }));
  const signing = await signingCost(clientDir, Math.max(200, calls * 20));
  return { page: '100 GeminiDB backups, pre-serialised', rounds, callsPerRound: calls, rows, signingUsPerSignature: round1(signing) };
}

/** A small deterministic PRNG (mulberry32), so that every run uses the same orders. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
