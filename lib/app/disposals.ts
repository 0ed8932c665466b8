/**
 * The disposal job: for each person of an approved disposal (one queue message
 * each), decide again whether they are due, then delete everything held about
 * them and count it on the disposal. Idempotent and resumable per person: what was
 * found is recorded before anything is deleted, deleting is child before parent,
 * and a person is counted once (docs/decisions/0015-disposal-job.md).
 */
import { now, nowIso } from '../clock.js';
import { ukMonthOf } from '../domain/calendar.js';
import { DISPOSAL_TALLY } from '../domain/governance.js';
import { logger } from '../observability.js';
import { parseDisposalMessage } from '../ports/disposal.js';
import { commit, ConditionFailed, type Write } from '../store/db.js';
import { deleteFootprint, disposalDoneWrite, footprintOf, foundWrite, getDisposalProgress, personDoneWrite, type Footprint } from '../store/disposals.js';
import { tallyWrite } from '../store/figures.js';
import { getServiceUserItem } from '../store/service-users.js';
import { disposableObjects } from '../wiring.js';
import { verdictFor, WHY } from './retention.js';

/** A write whose condition may already have been met by an earlier attempt: its failure means "done before". */
async function once(writes: Write[]): Promise<boolean> {
  try {
    await commit(writes);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/** Deletes a footprint: the stored objects its letters name first (they are found through the letters), then the items. */
async function erase(footprint: Footprint): Promise<void> {
  if (footprint.packKeys.length > 0) await disposableObjects().removePostPacks(footprint.packKeys);
  await deleteFootprint(footprint.levels);
}

/** One queue message: one person of an approved disposal. */
export async function disposeOfPerson(body: string): Promise<void> {
  const { disposalId, serviceUserId } = parseDisposalMessage(body);
  const progress = await getDisposalProgress(disposalId);
  if (!progress || progress.disposal.status !== 'APPROVED' || !progress.remaining.includes(serviceUserId)) {
    // Done before (a message delivered twice), or a disposal not approved: nothing to do.
    await once([disposalDoneWrite(disposalId, nowIso())]);
    return;
  }
  let counts = progress.found[serviceUserId];
  if (!counts) {
    // Decided again at the moment of deletion: someone no longer due is left out and named.
    const person = await getServiceUserItem(serviceUserId);
    const verdict = person ? await verdictFor(person) : undefined;
    if (!verdict?.due) {
      const why = WHY[verdict && !verdict.due ? verdict.why : 'NOT_FOUND'];
      await once([personDoneWrite(disposalId, serviceUserId, { skipped: why })]);
      logger.info('disposal: person left out', { disposalId, serviceUserId, why: verdict && !verdict.due ? verdict.why : 'NOT_FOUND' });
      await once([disposalDoneWrite(disposalId, nowIso())]);
      return;
    }
    const footprint = await footprintOf(serviceUserId);
    if (await once([foundWrite(disposalId, serviceUserId, footprint.counts)])) {
      counts = footprint.counts;
      await erase(footprint);
    } else {
      counts = (await getDisposalProgress(disposalId))?.found[serviceUserId] ?? footprint.counts;
    }
  }
  // Whatever is left (after a crash, or written while deleting, such as a read logged) goes too.
  for (let pass = 0; pass < 3; pass++) {
    const left = await footprintOf(serviceUserId);
    if (left.levels.length === 0) break;
    await erase(left);
  }
  const tally = tallyWrite(ukMonthOf(now()), serviceUserId, DISPOSAL_TALLY);
  await once([personDoneWrite(disposalId, serviceUserId, { counts }), ...(tally ? [tally] : [])]);
  logger.info('disposal: person disposed of', { disposalId, serviceUserId });
  await once([disposalDoneWrite(disposalId, nowIso())]);
}
