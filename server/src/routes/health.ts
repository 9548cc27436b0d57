/** `GET /v1/health`. */
import { createRoute } from '@hono/zod-openapi';
import { HealthResponse } from '../schemas.js';
import { json, type RegisterRoutes } from './common.js';

const health = createRoute({
  method: 'get',
  path: '/v1/health',
  summary: 'Is the server up, and on which database?',
  responses: { 200: json(HealthResponse, 'Up.') },
});

export const registerHealthRoutes: RegisterRoutes = (app, deps) => {
  app.openapi(health, async (c) => {
    await deps.db.query('SELECT 1');
    return c.json({ ok: true as const, database: deps.db.kind }, 200, {
      'Cache-Control': 'no-store',
    });
  });
};
