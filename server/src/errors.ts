/**
 * The errors the API answers with: `{ "error": { "code", "message", "fields"? } }` (docs/api.md).
 * Domain code throws these; the one error handler (http/errors.ts) turns them, zod errors and database
 * constraint violations into responses.
 */
import type { KithErrorCode } from '../../src/core/errors.js';

export type ApiErrorCode = Exclude<KithErrorCode, 'network' | 'config'> | 'internal';

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string>;
    expired?: boolean;
  };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly expired: boolean;
  /** Seconds, for 429. */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; expired?: boolean; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = extra.fields;
    this.expired = extra.expired ?? false;
    this.retryAfter = extra.retryAfter;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields && { fields: this.fields }),
        ...(this.expired && { expired: true }),
      },
    };
  }
}

export const validation = (message: string, fields?: Record<string, string>): ApiError =>
  new ApiError(400, 'validation', message, fields ? { fields } : {});

/** One field refused: the message doubles as the field's message. */
export const invalidField = (field: string, message: string): ApiError =>
  validation(message, { [field]: message });

export const unauthorized = (message: string, expired = false): ApiError =>
  new ApiError(401, 'unauthorized', message, { expired });

export const forbidden = (message = 'You are not allowed to do that.'): ApiError =>
  new ApiError(403, 'forbidden', message);

export const notFound = (message = 'Not found.'): ApiError =>
  new ApiError(404, 'not-found', message);

export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);

export const rateLimited = (retryAfter: number): ApiError =>
  new ApiError(429, 'rate-limited', 'Too many requests. Please wait a moment and try again.', {
    retryAfter,
  });

export const unsupported = (message: string): ApiError => new ApiError(400, 'unsupported', message);

export const INTERNAL_MESSAGE = 'Something went wrong.';
