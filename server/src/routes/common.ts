/** Pieces every route module shares: error responses for the document, and the route-module shape. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, Deps } from '../http/context.js';
import type { RouteMiddleware } from '../http/middleware.js';
import { ErrorResponse } from '../schemas.js';

export type Router = OpenAPIHono<AppEnv>;
export type RegisterRoutes = (app: Router, deps: Deps, mw: RouteMiddleware) => void;

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
});

export const READ_ERRORS = {
  400: error('Invalid input (`validation`, with `fields`).'),
  404: error('Unknown site or item (`not-found`).'),
  429: error('Too many requests (`rate-limited`); see `Retry-After`.'),
} as const;

export const WRITE_ERRORS = {
  ...READ_ERRORS,
  401: error('No valid member token (`unauthorized`; `expired: true` when it expired).'),
  403: error('Not allowed (`forbidden`).'),
  409: error('Idempotency-Key reused with another body; a duplicate post (`conflict`).'),
  413: error('JSON body over 64 KB (`validation`).'),
  422: error('A post refused by a spam guard or a banned word (`validation`).'),
} as const;

export const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const NOT_MODIFIED = { description: 'Not modified (`If-None-Match` matched the `ETag`).' };

export const SECURITY = [{ Bearer: [] }];
