/** `GET /governance/figures`: the figures a commissioner asks for (shared with the staff console). */
export interface GovernanceFigures {
  generatedAt: string;
  since: string;
  strategiesByStatus: Record<string, number>;
  /** Strategies in force (ACTIVE or REVIEW_DUE) using each restriction type. */
  inForceByRestrictionType: Record<string, number>;
  /** Incidents per behaviour code per month (`YYYY-MM`), from `since`. */
  incidentsByBehaviourByMonth: { month: string; counts: Record<string, number>; incidents: number }[];
  /** Reviews decided before the review date, or within the escalation window after it. */
  reviews: { decided: number; onTime: number; late: number; outcomes: Record<string, number> };
  breachesByStatus: Record<string, number>;
  breachActions: Record<string, number>;
}
