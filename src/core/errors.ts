// One error type for everything a list call can fail with: a non-2xx answer (Huawei or Cinder error
// body, or anything else), a redirect, a network failure or timeout after the retries, or a response
// the client cannot use; and the parsing of the services' error bodies. Every field an ApiError
// exposes or serialises goes through the client's redaction (redact.ts) when it is built.
import { redactDeep, redactPatterns, type Redact } from './redact.js';

import type { ResumeCursor } from './paging/cursor.js';

export interface ApiErrorInit {
  status: number;
  service: string;
  message: string;
  code?: string | undefined;
  requestId?: string | undefined;
  method?: string | undefined;
  url?: string | undefined;
  body?: unknown;
  retryAfterMs?: number | undefined;
  resume?: ResumeCursor | undefined;
  cause?: unknown;
}

export class ApiError extends Error {
  /** HTTP status; 0 when no response was received (network error, timeout). */
  readonly status: number;
  /** `cbr`, `geminidb`, `csbs` or `vbs`. */
  readonly service: string;
  /** Huawei `error_code` (`APIGW.0301`, `DBS.200001`), Cinder fault name (`itemNotFound`), or the client's own:
   * `NETWORK_ERROR`, `TIMEOUT`, `REDIRECT`, `INVALID_RESPONSE`, `INCONSISTENT_PAGING`, `POSITION_LOST`, `AUTH_PROVIDER_FAILED`. */
  readonly code: string | undefined;
  /** `X-Request-Id` / `x-openstack-request-id` of the answer, or the body's `request_id`. */
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** The parsed error body (JSON value or text), with secrets redacted. */
  readonly body: unknown;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** Set when thrown from `iterateBackups`: pass back as `{ resume }` to continue where the walk stopped. */
  readonly resume: ResumeCursor | undefined;

  readonly #redact: Redact;

  constructor(init: ApiErrorInit, redact: Redact = redactPatterns) {
    super(redact(init.message), init.cause === undefined ? undefined : { cause: redactDeep(init.cause, redact) });
    this.#redact = redact;
    this.name = 'ApiError';
    this.status = init.status;
    this.service = init.service;
    this.code = init.code === undefined ? undefined : redact(init.code);
    this.requestId = init.requestId === undefined ? undefined : redact(init.requestId);
    this.method = init.method;
    this.url = init.url === undefined ? undefined : redact(init.url);
    this.body = redactDeep(init.body, redact);
    this.retryAfterMs = init.retryAfterMs;
    this.resume = init.resume === undefined ? undefined : (redactDeep(init.resume, redact) as ResumeCursor);
    // The stack starts with the message (already redacted); redact the rest too.
    if (typeof this.stack === 'string') this.stack = redact(this.stack);
  }

  /** A copy of this error carrying a resume cursor (used by the paging engine). */
  withResume(resume: ResumeCursor): ApiError {
    const { message, status, service, code, requestId, method, url, body, retryAfterMs, cause } = this;
    const copy = new ApiError({ status, service, message, code, requestId, method, url, body, retryAfterMs, resume, cause }, this.#redact);
    if (this.stack) copy.stack = this.stack;
    return copy;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      service: this.service,
      code: this.code,
      requestId: this.requestId,
      method: this.method,
      url: this.url,
      body: this.body,
      retryAfterMs: this.retryAfterMs,
      resumable: this.resume !== undefined,
    };
  }
}

export interface ErrorBodyFields {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/**
 * Reads the error bodies these services send:
 * - Huawei services and gateway: `{"error_code": "…", "error_msg": "…", "request_id"?: "…"}`
 * - Huawei SDK alternative / keystonemiddleware 401: `{"error": {"code": …, "message": "…", "title"?: "…"}}`
 * - Cinder faults: `{"itemNotFound": {"code": 404, "message": "…"}}` (the single key is the fault name)
 * - RFC 7807 problem details (Prism): `{"type": "…#NAME", "title": "…", "detail": "…"}`
 * - anything else: the text itself is the message.
 */
export function parseErrorBody(body: unknown): ErrorBodyFields {
  const none: ErrorBodyFields = { code: undefined, message: undefined, requestId: undefined };
  if (typeof body === 'string') {
    const text = body.trim();
    return { ...none, message: text ? truncate(text, 500) : undefined };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return body === undefined || body === null ? none : { ...none, message: truncate(JSON.stringify(body), 500) };
  }
  const obj = body as Record<string, unknown>;
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  const requestId = str(obj.request_id);
  if ('error_code' in obj || 'error_msg' in obj) {
    return { code: str(obj.error_code), message: str(obj.error_msg), requestId };
  }
  if (obj.error !== null && typeof obj.error === 'object' && !Array.isArray(obj.error)) {
    const e = obj.error as Record<string, unknown>;
    const code = typeof e.code === 'string' ? e.code : (str(e.title) ?? str(e.code));
    return { code, message: str(e.message) ?? str(e.title), requestId };
  }
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const fault = obj[keys[0]!];
    if (fault !== null && typeof fault === 'object' && !Array.isArray(fault) && 'message' in fault) {
      return { code: keys[0], message: str((fault as Record<string, unknown>).message), requestId };
    }
  }
  if (typeof obj.title === 'string' || typeof obj.type === 'string') {
    const type = str(obj.type);
    const code = type?.includes('#') ? type.slice(type.lastIndexOf('#') + 1) : str(obj.title);
    const detail = str(obj.detail);
    return { code, message: detail ? detail : str(obj.title), requestId };
  }
  if (typeof obj.message === 'string') return { code: str(obj.code), message: obj.message, requestId };
  return { ...none, requestId, message: truncate(JSON.stringify(obj), 500) };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('x-request-id') ??
    headers.get('x-openstack-request-id') ??
    headers.get('x-compute-request-id') ??
    undefined
  );
}

export interface ResponseErrorContext {
  service: string;
  method: string;
  url: string;
  redact?: Redact;
  retryAfterMs?: number | undefined;
}

/** The ApiError for a non-2xx answer whose body has already been read (JSON value or text). */
export function errorFromResponse(response: Response, body: unknown, ctx: ResponseErrorContext): ApiError {
  const fields = parseErrorBody(body);
  const requestId = requestIdOf(response.headers) ?? fields.requestId;
  const path = safePath(ctx.url);
  const what = fields.message ?? (response.statusText || 'no error message in the response');
  const message = `${ctx.service}: ${ctx.method} ${path} failed with HTTP ${response.status}${
    fields.code ? ` ${fields.code}` : ''
  }: ${what}${requestId ? ` (request id ${requestId})` : ''}`;
  return new ApiError(
    {
      status: response.status,
      service: ctx.service,
      code: fields.code,
      message,
      requestId,
      method: ctx.method,
      url: ctx.url,
      body,
      retryAfterMs: ctx.retryAfterMs,
    },
    ctx.redact,
  );
}

export function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
