/**
 * Typed errors every adapter throws, so that stores and elements react to the kind of failure and not
 * to one backend's status codes. `code` is stable and matches the server's `{error: {code}}`.
 */

export type KithErrorCode =
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'rate-limited'
  | 'conflict'
  | 'config'
  | 'unsupported';

export class KithError extends Error {
  readonly code: KithErrorCode;
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;

  constructor(
    code: KithErrorCode,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** The backend could not be reached, or answered 5xx. */
export class NetworkError extends KithError {
  constructor(
    message = 'The community server could not be reached.',
    options?: { cause?: unknown },
  ) {
    super('network', message, { ...options, retryable: true });
  }
}

/** No token, or an invalid or expired one. */
export class UnauthorizedError extends KithError {
  /** True when the token was valid but has expired: the host should call `Kith.identify()` again. */
  readonly expired: boolean;
  constructor(message = 'Please sign in.', options?: { expired?: boolean; cause?: unknown }) {
    super('unauthorized', message, options);
    this.expired = options?.expired ?? false;
  }
}

export class ForbiddenError extends KithError {
  constructor(message = 'You are not allowed to do that.', options?: { cause?: unknown }) {
    super('forbidden', message, options);
  }
}

export class NotFoundError extends KithError {
  constructor(message = 'Not found.', options?: { cause?: unknown }) {
    super('not-found', message, options);
  }
}

/** Input was refused; `fields` maps a field name (`title`, `body`, …) to its message. */
export class ValidationError extends KithError {
  readonly fields: Readonly<Record<string, string>>;
  constructor(message: string, fields: Record<string, string> = {}, options?: { cause?: unknown }) {
    super('validation', message, options);
    this.fields = fields;
  }
}

export class RateLimitedError extends KithError {
  /** Seconds until a retry may succeed. */
  readonly retryAfter: number;
  constructor(retryAfter: number, message = 'Too many requests.', options?: { cause?: unknown }) {
    super('rate-limited', message, { ...options, retryable: true });
    this.retryAfter = retryAfter;
  }
}

/** The write conflicts with the current state (already accepted, budget spent, duplicate…). */
export class ConflictError extends KithError {
  constructor(
    message = 'That conflicts with a change made meanwhile.',
    options?: { cause?: unknown },
  ) {
    super('conflict', message, options);
  }
}

/** The page is set up wrongly (no API, unknown adapter): shown in place of the element. */
export class ConfigError extends KithError {
  constructor(message: string) {
    super('config', message);
  }
}

/** The configured adapter does not implement a feature. */
export class UnsupportedError extends KithError {
  constructor(feature: string) {
    super('unsupported', `This community backend does not support ${feature}.`);
  }
}

/** Wraps anything thrown into a KithError (unknown failures count as network failures). */
export function toKithError(error: unknown): KithError {
  if (error instanceof KithError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError(message || undefined, { cause: error });
}
