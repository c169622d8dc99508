// (c, continued) The size of a resume cursor taken late in a long walk: the CBR server refuses the
// pages from `failAt` on with a 400 (not retried), and the ApiError thrown carries `resume`.
import { importClient } from './util.mjs';

export async function resumeCursorSize({ clientDir, baseUrl, items, limit }) {
  const { createCbrClient, ApiError } = await importClient(clientDir, 'cbr/index.js');
  const failAt = items - limit;
  const client = createCbrClient({
    endpoint: baseUrl,
    projectId: '0605767b5780d5762fc5c0118072a564',
    auth: { token: 'bench-token' },
    retry: false,
    headers: { 'x-bench-total': String(items), 'x-bench-fail-at': String(failAt) },
  });
  let yielded = 0;
  try {
    for await (const _ of client.iterateBackups({ limit })) yielded++;
  } catch (error) {
    if (!(error instanceof ApiError) || error.resume === undefined) throw error;
    const json = JSON.stringify(error.resume);
    JSON.parse(json);
    return { limit, walkItems: items, yieldedBeforeError: yielded, bytes: Buffer.byteLength(json) };
  }
  throw new Error(`the walk ended without the injected error after ${yielded} items`);
}
