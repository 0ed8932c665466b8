import * as z from 'zod';
import { MONTH_PATTERN } from '../domain/governance.js';

const Month = z.string().regex(MONTH_PATTERN, 'must be a month written YYYY-MM');

/** `GET /governance/figures?from=YYYY-MM&to=YYYY-MM`: the range of UK months asked for (both optional; see `figuresRange`). */
export const FiguresQuery = z.object({
  from: Month.optional().describe('The first month (YYYY-MM, UK time); by default the 12 months ending with `to`.'),
  to: Month.optional().describe('The last month (YYYY-MM, UK time); by default the current month. At most 36 months from `from`.'),
});

export type { GovernanceFigures, GovernanceMonth } from '../domain/governance.js';
