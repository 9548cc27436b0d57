/** Insights (staff): the community's figures over a period (docs/api.md "Analytics"). */
import { createRoute } from '@hono/zod-openapi';
import type { Member } from '../domain/auth.js';
import { insightsReport } from '../domain/insights.js';
import { InsightsQuery, InsightsReportSchema } from '../schemas.js';
import { READ_ERRORS, SECURITY, WRITE_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerInsightsRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/insights',
      summary:
        'Staff: figures over `[from, to)` (ISO dates or times) in UTC buckets of a day (at most 366 days), week or month.',
      security: SECURITY,
      middleware: [mw.site, mw.member, mw.readLimit],
      request: { query: InsightsQuery },
      responses: {
        200: json(InsightsReportSchema, 'The report.'),
        ...READ_ERRORS,
        401: WRITE_ERRORS[401],
        403: WRITE_ERRORS[403],
      },
    }),
    async (c) => {
      const { from, to, bucket } = c.req.valid('query');
      const report = await insightsReport(
        { db: deps.db, site: c.get('site'), member: c.get('member') as Member },
        { from, to, bucket },
      );
      return c.json(report, 200, { 'Cache-Control': 'private, no-store' });
    },
  );
};
