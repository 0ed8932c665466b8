/**
 * The review sweep's once-only claims, in a partition of their own per strategy
 * (`REVIEW_CLAIM_KEYS`): a claim may be deleted (given back), and IAM lets
 * functions delete only in such partitions, never in the strategy's own.
 *
 * | item                | pk                 | sk                                  |
 * |---------------------|--------------------|-------------------------------------|
 * | review-action claim | CLAIM#<strategyId> | REVIEW_ACTION#<reviewDate>#<action> |
 *
 * A claim is written (attribute_not_exists) in the same transaction as the
 * action's timeline entries, before the email is sent: whoever writes it first
 * sends, so two sweeps never send the same reminder or escalation twice. Claims
 * are per review date: a new review date is reminded and escalated afresh.
 */
import * as z from 'zod';
import { REVIEW_ACTIONS, type ReviewAction } from '../domain/review.js';
import { inPartition, queryAll, type Write } from './db.js';
import { REVIEW_CLAIM_KEYS } from './table.js';

const ClaimItem = z.object({ action: z.enum(REVIEW_ACTIONS) });

/** The actions already claimed for this review date of the strategy. */
export async function claimedActions(strategyId: string, reviewDate: string): Promise<ReviewAction[]> {
  const items = await queryAll({ ...inPartition(REVIEW_CLAIM_KEYS.partition(strategyId), { beginsWith: REVIEW_CLAIM_KEYS.claimsFor(reviewDate) }), ConsistentRead: true });
  return items.map((i) => ClaimItem.parse(i).action);
}

/** The claim of `action` for this review date; its condition fails if it was claimed already. */
export function claimWrite(strategyId: string, reviewDate: string, action: ReviewAction, at: string): Write {
  return {
    name: 'claim',
    Put: {
      Item: { ...REVIEW_CLAIM_KEYS.claim(strategyId, reviewDate, action), entity: 'ReviewActionClaim', strategyId, reviewDate, action, claimedAt: at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Gives a claim back (its email could not be sent), so the next sweep claims it again. */
export function releaseWrite(strategyId: string, reviewDate: string, action: ReviewAction): Write {
  return { name: 'claim', Delete: { Key: REVIEW_CLAIM_KEYS.claim(strategyId, reviewDate, action), ConditionExpression: 'attribute_exists(pk)' } };
}
