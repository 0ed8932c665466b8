import { governanceFigures, governanceFiguresCsv } from '../lib/app/governance.js';
import { api, ok, route } from '../lib/http.js';
import { FiguresQuery } from '../lib/schemas/governance.js';

/** Governance figures per UK month, read from the monthly tallies (one Query; no Scan). */
export const handler = api({
  'GET /governance/figures': route({
    permission: 'read',
    query: FiguresQuery,
    run: async ({ query }) => ok(await governanceFigures(query)),
  }),

  'GET /governance/figures.csv': route({
    permission: 'read',
    query: FiguresQuery,
    run: async ({ query }) => ({
      status: 200,
      text: await governanceFiguresCsv(query),
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="governance-figures.csv"' },
    }),
  }),
});
