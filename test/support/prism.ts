// Typed access to scripts/lib/prism.mjs for the tests: one Prism mock (or validating proxy) per bundle.
import { startPrism } from '../../scripts/lib/prism.mjs';
import { bundlePath } from './apis.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface PrismOptions {
  /** Proxy to this upstream (base URL) instead of mocking. */
  upstream?: string;
  /** Turn violations into error answers (like the CLI's --errors). */
  errors?: boolean;
}

export function startPrismMock(api: string, options: PrismOptions = {}): Promise<RunningServer> {
  return startPrism(bundlePath(api, 'yaml'), options);
}
