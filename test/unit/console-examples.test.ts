import { describe, expect, it } from 'vitest';
import { exampleReviewDate } from '../../console/src/labels.js';
import { reviewDateWithinLimits } from '../../lib/domain/strategy-rules.js';

describe('the strategy wizard\'s review-date hint', () => {
  it('gives as its example a date the review-date rule accepts (not today, which it rejects)', () => {
    expect(exampleReviewDate('2026-12-08')).toBe('8 June 2027');
    expect(reviewDateWithinLimits('2027-06-08', '2026-12-08', 12)).toEqual([]);
    expect(reviewDateWithinLimits('2026-12-08', '2026-12-08', 12)).not.toEqual([]);
  });
});
