/** Table items for unit tests that mock the DocumentClient. */

/** A strategy item as the table holds it (APPROVED unless overridden). */
export function strategyItem(overrides: Record<string, unknown> = {}) {
  return {
    pk: 'STRATEGY#S1',
    sk: 'STRATEGY',
    id: 'S1',
    serviceUserId: 'P1',
    caseIds: ['C1', 'C2'],
    reason: 'You have emailed us forty times in a week about the same matter.',
    purpose: 'Keep contact manageable.',
    reviewDate: '2027-06-01',
    restrictions: [{ type: 'NO_TELEPHONE' }],
    factors: {},
    status: 'APPROVED',
    version: 3,
    proposedBy: { sub: 'cw-1', name: 'Pat Proposer' },
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}
