// What the three Huawei Cloud services (cbr, geminidb, csbs) share: the gateway's request id
// header, the gateway's 401/404/429 bodies and the `{error_code, error_msg}` error body with
// service-specific codes.
import { createRng, rand, type FakeReply, type ServiceContext } from './core.js';

export interface HuaweiErrorCodes {
  /** status → [error_code, default error_msg] of the service itself. */
  [status: number]: readonly [string, string];
}

const GATEWAY: HuaweiErrorCodes = {
  401: ['APIGW.0301', 'Incorrect IAM authentication information'],
  404: ['APIGW.0101', 'The API does not exist or has not been published in the environment'],
  405: ['APIGW.0101', 'The API does not exist or has not been published in the environment'],
  429: ['APIGW.0308', 'The throttling threshold has been reached'],
  503: ['APIGW.0203', 'Backend unavailable'],
};

const idRng = createRng('x-request-id');

/** A 32-hex request id, as the gateway puts in `X-Request-Id` (and in its own error bodies). */
export function requestId(): string {
  return rand.hex(idRng, 32);
}

/**
 * The error reply for `status`: gateway statuses (401, 404 for unknown paths, 429, 503) get the
 * gateway's body with `request_id`; others the service's code. `message`, when given, is appended
 * to the default text (`Parameter error: limit …`); `code` overrides the error code.
 */
export function huaweiError(codes: HuaweiErrorCodes, status: number, message?: string, code?: string): FakeReply {
  const id = requestId();
  const gateway = (status === 401 || status === 429 || (status === 404 && message?.startsWith('No such resource')) || status === 405) && !code;
  const [defaultCode, text] = (gateway ? GATEWAY[status] : codes[status]) ?? codes[500] ?? ['APIGW.0101', 'Unknown error'];
  const detail = message ?? (gateway && status === 401 ? 'x-auth-token not found' : undefined);
  const body: Record<string, string> = { error_code: code ?? defaultCode, error_msg: detail ? `${text.replace(/\.$/, '')}: ${detail}` : text };
  if (gateway) body.request_id = id;
  return { status, body, headers: { 'X-Request-Id': id } };
}

export function huaweiHeaders(_ctx: ServiceContext): Record<string, string> {
  return { 'X-Request-Id': requestId(), Server: 'api-gateway' };
}
