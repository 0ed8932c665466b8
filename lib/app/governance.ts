import { now } from '../clock.js';
import { config } from '../config.js';
import { BREACH_STATUSES } from '../domain/breach.js';
import { governanceFigures as countFigures, reportingWindow, REVIEWABLE_STATUSES, type GovernanceFigures } from '../domain/governance.js';
import { STATUSES } from '../schemas/restrictions.js';
import { breachesByStatus, incidentsSince, strategiesByStatus, strategyHistories } from '../store/governance.js';

/**
 * Governance figures for the console (read-only; Queries only, no Scan): read
 * through the governance repository, counted by lib/domain/governance.ts. A review
 * is on time within the escalation window (REVIEW_ESCALATION_DAYS).
 */
export async function governanceFigures(months: number): Promise<GovernanceFigures> {
  const generatedAt = now();
  const window = reportingWindow(generatedAt, months);
  const strategies = await strategiesByStatus(STATUSES);
  const reviewable = strategies.filter((s) => REVIEWABLE_STATUSES.includes(s.status)).flatMap((s) => s.strategies.map((x) => x.id));
  const reviewHistories = await strategyHistories(reviewable);
  const incidents = await incidentsSince(window.since);
  const breaches = await breachesByStatus(BREACH_STATUSES);
  return countFigures({ generatedAt, window, strategiesByStatus: strategies, reviewHistories, incidents, breachesByStatus: breaches, reviewGraceDays: config.REVIEW_ESCALATION_DAYS });
}
