// What every entry point (the package root and each `cloud-backup-api/<api>` subpath) exports
// besides its own factory: the error class, the timestamp parser, signing and the option types.
export { ApiError } from './errors.js';
export type { ApiErrorInit } from './errors.js';
export type { ResumeCursor } from './paging.js';
export { parseTimestamp } from './timestamps.js';
export { signSdkHmacSha256 } from './auth.js';
export type { AkSkAuth, Auth, SignInput, SignResult, TokenAuth, TokenProvider } from './auth.js';
export type { ClientOptions, IterateOptions, RequestOptions, ServiceClient } from './client.js';
export type { RetryOptions } from './retry.js';
