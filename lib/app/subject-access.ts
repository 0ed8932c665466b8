import { nowIso } from '../clock.js';
import { logger } from '../observability.js';
import { toServiceUser } from '../store/service-users.js';
import { recordsOf } from '../store/subject-access.js';
import { requireServiceUserItem } from './service-users.js';

/**
 * A subject-access export (UK GDPR Article 15): everything held about one person,
 * gathered by Query over the person's collections (no Scan). Who exported whose
 * record is logged (ids only) as an audit trail.
 */
export async function exportServiceUser(id: string, exportedBy: string) {
  const profile = await requireServiceUserItem(id);
  const records = await recordsOf(id);
  logger.info('subject access export', { serviceUserId: id, exportedBy });
  return { generatedAt: nowIso(), serviceUser: toServiceUser(profile), ...records };
}
