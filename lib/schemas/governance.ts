import * as z from 'zod';
import { MONTH_MESSAGE, MONTH_PATTERN, isMonth } from '../domain/governance.js';
import { singleLineString } from './common.js';

// The range is checked only on a month written YYYY-MM, so that each bad month is named once.
const Month = singleLineString().regex(MONTH_PATTERN, MONTH_MESSAGE).refine((s) => !MONTH_PATTERN.test(s) || isMonth(s), MONTH_MESSAGE);

/** `GET /governance/figures?from=YYYY-MM&to=YYYY-MM`: the range of UK months asked for (both optional; see `figuresRange`). */
export const FiguresQuery = z.object({
  from: Month.optional().describe('The first month (YYYY-MM, UK time); by default the 12 months ending with `to`.'),
  to: Month.optional().describe('The last month (YYYY-MM, UK time); by default the current month. At most 36 months from `from`.'),
});

export type { GovernanceFigures, GovernanceMonth } from '../domain/governance.js';
