// A client of each API pointed at a fake, for the transport tests (test/client/transport.test.ts).
import { createCbrClient, createCsbsClient, createGeminiDbClient, createVbsClient, type ClientOptions } from '../../src/index.js';
import type { Fake, FakeApi } from '../fakes/index.js';

type AnyClient = ReturnType<typeof createCbrClient>;

export const CLIENT_FACTORIES: Record<FakeApi, (options: ClientOptions) => AnyClient> = {
  cbr: createCbrClient,
  geminidb: createGeminiDbClient as never,
  csbs: createCsbsClient as never,
  vbs: createVbsClient as never,
};

/** A client of `api` talking to `fake` (token auth unless `extra` says otherwise). */
export function clientFor(api: FakeApi, fake: Fake, extra: Partial<ClientOptions> = {}): AnyClient {
  return CLIENT_FACTORIES[api]({ endpoint: fake.url, projectId: fake.projectId, auth: { token: 'token-abc' }, ...extra });
}
