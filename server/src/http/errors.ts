/**
 * The one error handler: ApiErrors, zod errors, Hono's HTTP exceptions (413 body too large, 415, bad
 * JSON) and database constraint violations become `{ "error": { "code", "message", "fields"? } }`;
 * anything else is logged with its request id and answered 500 "Something went wrong." — no stack
 * traces reach clients.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import {
  ApiError,
  INTERNAL_MESSAGE,
  conflict,
  invalidField,
  notFound,
  validation,
} from '../errors.js';
import { LIMITS, fieldErrors } from '../schemas.js';
import type { AppEnv } from './context.js';

interface DatabaseErrorLike {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
}

function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as unknown as { code: string }).code)
  );
}

const camel = (name: string): string =>
  name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** `questions_page_url_http` on `questions` → `pageUrl` (constraints are named `<table>_<field>_<rule>`). */
function fieldOfConstraint(constraint: string | undefined, table: string | undefined): string {
  if (!constraint) return 'body';
  let name =
    table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
  name = name.replace(/_[a-z]+$/, '') || name;
  return camel(name);
}

export function fromZod(error: ZodError): ApiError {
  const fields = fieldErrors(error);
  return validation(Object.values(fields).join(' ') || 'The request is not valid.', fields);
}

function fromDatabase(error: DatabaseErrorLike): ApiError | null {
  switch (error.code) {
    case '23505':
      return conflict('That exists already.');
    case '23503':
      if (error.constraint === 'questions_accepted_answer_in_question') {
        return invalidField('answerId', 'That answer belongs to another question.');
      }
      // A board's status removed while an idea still has it.
      if (error.constraint === 'ideas_status_known') {
        return conflict('An idea still has this status; give it another status first.');
      }
      return notFound('Something this refers to does not exist.');
    case '23514':
      return invalidField(
        fieldOfConstraint(error.constraint, error.table),
        'This value is not allowed.',
      );
    case '23502':
      return invalidField(camel(error.column ?? 'body'), 'This is required.');
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '2201B':
      return validation('A value in the request is not valid.');
    default:
      return null;
  }
}

/** The ApiError an error stands for, or `null` for an unexpected one (a 500). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return fromZod(error);
  if (error instanceof HTTPException) {
    if (error.status === 413) {
      return new ApiError(
        413,
        'validation',
        `The request is larger than ${LIMITS.jsonBytes / 1024} KB.`,
      );
    }
    if (error.status === 415) {
      return new ApiError(415, 'validation', 'Send JSON with Content-Type: application/json.');
    }
    if (error.status === 400) {
      const message = /json/i.test(error.message)
        ? 'The request body is not valid JSON.'
        : error.message;
      return validation(message || 'The request is not valid.');
    }
    if (error.status === 404) return notFound();
    if (error.status < 500)
      return new ApiError(error.status, 'validation', error.message || 'Bad request.');
    return null;
  }
  if (isDatabaseError(error)) return fromDatabase(error);
  return null;
}

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.json(error.toBody(), error.status as ContentfulStatusCode);
}

export function onError(error: unknown, c: Context<AppEnv>): Response {
  const apiError = toApiError(error);
  const log = c.get('log');
  if (apiError) {
    log?.debug(
      { code: apiError.code, status: apiError.status, msg: apiError.message },
      'request refused',
    );
    return errorResponse(c, apiError);
  }
  log?.error({ err: error }, 'unexpected error');
  c.header('Cache-Control', 'no-store');
  return c.json({ error: { code: 'internal', message: INTERNAL_MESSAGE } }, 500);
}

/** The OpenAPI validators' hook: a failed validation becomes a 400 with field messages. */
export function validationHook(result: { success: boolean; error?: unknown }): void {
  if (!result.success) {
    throw result.error instanceof ZodError
      ? fromZod(result.error)
      : validation('The request is not valid.');
  }
}
