// The benchmark's servers, run in a child process of their own so that their work and their heap
// stay out of the measurements (as a remote server would). Loopback only, port 0. Prints
// `{"fixed":port,"geminidb":port,"cbr":port}` on stdout when listening; exits when stdin closes.
//
//   fixed    — one pre-serialised 100-item GeminiDB page, whatever the query (per-call costs);
//   geminidb — GeminiDB offset paging over `--geminidb N` backups, each answer `--latency MS` late;
//   cbr      — CBR offset paging over `--cbr N` backups (`x-bench-total: N` per request), items
//              made on the fly (memory runs);
//              with `x-bench-fail-at: OFFSET` a page at or past OFFSET gets a 400 (a resume cursor).
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { geminiDbBackup, cbrBackup } from './payloads.mjs';

const { values } = parseArgs({ options: { geminidb: { type: 'string', default: '10000' }, cbr: { type: 'string', default: '200000' }, latency: { type: 'string', default: '20' } } });
const latencyMs = Number(values.latency);
const geminidbTotal = Number(values.geminidb);
const cbrTotal = Number(values.cbr);

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const fixedPage = Buffer.from(JSON.stringify({ total_count: 100, backups: Array.from({ length: 100 }, (_, i) => geminiDbBackup(i)) }));
const geminidbItems = Array.from({ length: geminidbTotal }, (_, i) => geminiDbBackup(i));
const counts = { fixed: 0, geminidb: 0, cbr: 0 };

function window(url, max) {
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const limit = Math.min(max, Math.max(1, Number(url.searchParams.get('limit') ?? max) || max));
  return { offset, limit };
}

function send(res, status, body, delay = 0) {
  const write = () => res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(body) }).end(body);
  if (delay > 0) setTimeout(write, delay);
  else write();
}

const handlers = {
  fixed(req, res) {
    counts.fixed++;
    res.writeHead(200, { ...JSON_HEADERS, 'Content-Length': fixedPage.length }).end(fixedPage);
  },
  geminidb(req, res) {
    counts.geminidb++;
    const { offset, limit } = window(new URL(req.url, 'http://x'), 100);
    send(res, 200, JSON.stringify({ total_count: geminidbTotal, backups: geminidbItems.slice(offset, offset + limit) }), latencyMs);
  },
  cbr(req, res) {
    counts.cbr++;
    const { offset, limit } = window(new URL(req.url, 'http://x'), 1000);
    const total = Number(req.headers['x-bench-total'] ?? cbrTotal);
    const failAt = req.headers['x-bench-fail-at'];
    if (failAt !== undefined && offset >= Number(failAt)) {
      return send(res, 400, JSON.stringify({ error_code: 'BackupService.0001', error_msg: 'bench: failing on purpose to take a resume cursor' }));
    }
    const backups = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) backups.push(cbrBackup(i));
    send(res, 200, JSON.stringify({ count: total, backups, offset, limit }));
  },
};

const ports = {};
for (const [name, handler] of Object.entries(handlers)) {
  const server = createServer((req, res) => {
    if (req.url === '/__count') return send(res, 200, JSON.stringify({ count: counts[name] }));
    if (req.url === '/__reset') {
      counts[name] = 0;
      return send(res, 200, '{}');
    }
    handler(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports[name] = server.address().port;
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
