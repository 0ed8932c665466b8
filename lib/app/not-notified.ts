import { config } from '../config.js';
import { notNotifiedAlert } from '../domain/approval.js';
import { logger } from '../observability.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences, type StrategyRecord } from '../store/strategies.js';
import { emailStaff } from './staff-email.js';
import { recordSomAlert } from './strategies.js';
import { NOT_ON_RECORD } from '../domain/staff-emails.js';

/**
 * Emails the Statutory Operations Manager about a NOT_NOTIFIED strategy and records
 * whether it went (a failure is recorded, not retried: the strategy is in their
 * inbox). Reached when the letters' branches end with no route told the person,
 * and when the posted letter a strategy was waiting for failed.
 */
export async function alertSom(strategy: StrategyRecord, outcomes: string): Promise<void> {
  const [person, caseRefs] = await Promise.all([getServiceUserItem(strategy.serviceUserId), caseReferences(strategy.caseIds)]);
  let sent = true;
  try {
    await emailStaff([config.SOM_EMAIL], notNotifiedAlert({ personName: person?.name ?? NOT_ON_RECORD.person, caseRefs, outcomes }));
  } catch (err) {
    sent = false;
    logger.warn('not-notified email to the SOM failed', { strategyId: strategy.id, error: (err as Error).name });
  }
  await recordSomAlert(strategy, sent);
}
