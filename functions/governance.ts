import * as z from 'zod';
import { now } from '../lib/clock.js';
import { api, ok, route } from '../lib/http.js';
import { governanceFigures } from '../lib/store/governance.js';

const FiguresQuery = z.object({ months: z.coerce.number().int().min(1).max(24).default(12) });

/** Governance figures for the staff console (read-only; Queries only, no Scan). */
export const handler = api({
  'GET /governance/figures': route({
    permission: 'read',
    query: FiguresQuery,
    run: async ({ query }) => ok(await governanceFigures(now(), { months: query.months, escalationDays: Number(process.env.REVIEW_ESCALATION_DAYS ?? 7) })),
  }),
});
