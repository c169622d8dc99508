// Keeping credentials out of errors. A client registers every secret it sends (token, secret key,
// security token, and per request the provider's token and the signature); when an error is built,
// every text it exposes goes through `redact`, and structured parts (the error body, the cause) are
// copied with every string and every object key redacted, at any depth. Nothing here runs on the
// success path: registering a secret is an assignment, the work happens only when an error is made.

export const REDACTED = '[REDACTED]';

export type Redact = (text: string) => string;

/** Deeper than this, a structure is replaced by a marker (a body nested that deep is not worth keeping). */
const MAX_DEPTH = 100;
const RECENT = 32;

/** Secrets a client has handed out; `redact` removes them (and their URL- and JSON-escaped forms) from a text. */
export class SecretRegistry {
  #static: string[] = [];
  #recent: (string | undefined)[] = new Array(RECENT);
  #next = 0;

  /** A long-lived secret (token string, secret key, security token). */
  addStatic(value: string | undefined): void {
    if (value && value.length >= 4 && !this.#static.includes(value)) this.#static.push(value);
  }

  /** A per-request secret (a provider's token, a signature); the last 32 are kept. */
  addRecent(value: string | undefined): void {
    if (!value || value.length < 4) return;
    const last = this.#recent[(this.#next + RECENT - 1) % RECENT];
    if (value === last) return;
    this.#recent[this.#next] = value;
    this.#next = (this.#next + 1) % RECENT;
  }

  redact(text: string): string {
    let out = redactPatterns(text);
    for (const secret of [...this.#static, ...this.#recent]) {
      if (secret === undefined) continue;
      for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out;
  }
}

/** The secret as it may be echoed: verbatim, URL-encoded, JSON-escaped. */
function secretForms(secret: string): string[] {
  const forms = [secret];
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) forms.push(encoded);
  const escaped = JSON.stringify(secret).slice(1, -1);
  if (escaped !== secret) forms.push(escaped);
  return forms;
}

/** Redacts what looks like a credential even when its value is not known. */
export function redactPatterns(text: string): string {
  return text
    .replace(/(Signature=)[0-9a-fA-F]{16,}/g, `$1${REDACTED}`)
    .replace(/((?:x-auth-token|x-subject-token|x-security-token|authorization)["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1${REDACTED}`);
}

/**
 * A copy of `value` with every string and object key redacted, at any depth (cycles and structures
 * deeper than 100 levels become markers). Errors become plain Errors with redacted texts.
 */
export function redactDeep(value: unknown, redact: Redact, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? `[${typeof value}]` : value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, redact, depth, seen);
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k)] = redactDeep(v, redact, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A plain Error with the same name, redacted message and stack, redacted cause and extra fields. */
function redactError(error: Error, redact: Redact, depth: number, seen: WeakSet<object>): Error {
  const inner = (error as { cause?: unknown }).cause;
  const copy = new Error(redact(String(error.message)), inner === undefined ? undefined : { cause: redactDeep(inner, redact, depth + 1, seen) });
  copy.name = redact(String(error.name));
  copy.stack = typeof error.stack === 'string' ? redact(error.stack) : `${copy.name}: ${copy.message}`;
  for (const [k, v] of Object.entries(error)) {
    if (k !== 'cause') (copy as unknown as Record<string, unknown>)[redact(k)] = redactDeep(v, redact, depth + 1, seen);
  }
  return copy;
}
