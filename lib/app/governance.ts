import { stringify } from 'csv-stringify/sync';
import { now } from '../clock.js';
import { ukMonthOf } from '../domain/calendar.js';
import { figuresRange, governanceFigures as countFigures, type GovernanceFigures, type Tally } from '../domain/governance.js';
import { unprocessable } from '../errors.js';
import { config } from '../config.js';
import { isOverdue } from '../domain/appeals.js';
import { ukDateOf } from '../domain/calendar.js';
import { figuresTable } from '../domain/figures-table.js';
import { listUndecidedAppeals } from '../store/appeals.js';
import { talliesThrough } from '../store/governance.js';

/** Where the figures come from (a parameter, so a test or a new record type can supply its own). */
export interface FiguresSources {
  /** Every month's tallies up to and including `to`. */
  tallies: (to: string) => Promise<ReadonlyMap<string, Tally>>;
  /**
   * Appeals received in each month from `from` to `to` that are still undecided at
   * `at` and older than APPEAL_DECISION_DAYS (an appeal decided late is counted by
   * its own `appealsDecidedLate` tally instead).
   */
  undecidedOverdueAppeals: (from: string, to: string, at: Date) => Promise<Readonly<Record<string, number>>>;
}

/** Undecided appeals past their decision day, by the month they were received: a Query of the undecided appeals only. */
async function undecidedOverdueAppeals(from: string, to: string, at: Date): Promise<Record<string, number>> {
  const today = ukDateOf(at);
  const out: Record<string, number> = {};
  for (const a of await listUndecidedAppeals()) {
    const month = ukMonthOf(a.receivedAt);
    if (month >= from && month <= to && isOverdue(a, today, config.APPEAL_DECISION_DAYS)) out[month] = (out[month] ?? 0) + 1;
  }
  return out;
}

export const FIGURES_SOURCES: FiguresSources = {
  tallies: talliesThrough,
  undecidedOverdueAppeals,
};

/**
 * `GET /governance/figures`: the UK months from `from` to `to` (UK time;
 * by default the twelve months ending with the current one), read from the monthly
 * tallies. 422 naming `query.from` or `query.to` for a bad range.
 */
export async function governanceFigures(query: { from?: string; to?: string }, sources: FiguresSources = FIGURES_SOURCES): Promise<GovernanceFigures> {
  const at = now();
  const range = figuresRange(query, ukMonthOf(at));
  if ('errors' in range) throw unprocessable(`Invalid query: ${range.errors.map((e) => e.path).join(', ')}.`, range.errors);
  const [tallies, undecidedOverdueAppeals] = await Promise.all([sources.tallies(range.to), sources.undecidedOverdueAppeals(range.from, range.to, at)]);
  return countFigures({ ...range, tallies, undecidedOverdueAppeals });
}

/**
 * `GET /governance/figures.csv`: the very figures of `governanceFigures`, as CSV for
 * the Police and Crime Panel's papers: a header, then one row a month (`figuresTable`).
 */
export async function governanceFiguresCsv(query: { from?: string; to?: string }, sources: FiguresSources = FIGURES_SOURCES): Promise<string> {
  const { header, rows } = figuresTable((await governanceFigures(query, sources)).months);
  return stringify([header, ...rows], { record_delimiter: 'windows' });
}
