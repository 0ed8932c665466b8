import * as z from 'zod';
import { governanceFigures } from '../lib/app/governance.js';
import { api, ok, route } from '../lib/http.js';

const FiguresQuery = z.object({ months: z.coerce.number().int().min(1).max(24).default(12) });

/** Governance figures for the staff console (read-only; Queries only, no Scan). */
export const handler = api({
  'GET /governance/figures': route({
    permission: 'read',
    query: FiguresQuery,
    run: async ({ query }) => ok(await governanceFigures(query.months)),
  }),
});
