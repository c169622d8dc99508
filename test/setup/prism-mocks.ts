// Starts one Prism mock per bundle in generated/openapi/ (programmatic, port 0) for the whole test
// run, and hands their base URLs to the tests through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { startPrismMock, type RunningServer } from '../support/prism.js';
import { API_IDS } from '../support/apis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const servers: RunningServer[] = [];
  const mockUrls: Record<string, string> = {};
  for (const api of API_IDS) {
    const server = await startPrismMock(api);
    servers.push(server);
    mockUrls[api] = server.url;
  }
  project.provide('mockUrls', mockUrls);
  return async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
}
