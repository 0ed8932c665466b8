/**
 * Service users: the people records are kept about (docs/records.md, People).
 */
import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { adjustmentsAtIntake, changedFields, nameWords } from '../domain/people.js';
import { personFlags, TERMINATED_CALLS_WINDOW_DAYS } from '../domain/records.js';
import { notFound, preconditionFailed } from '../errors.js';
import type { CreateServiceUser, SearchServiceUsers, UpdateServiceUser } from '../schemas/service-users.js';
import { findCaseByReference, openCasesOf, personUpdatedWrite } from '../store/cases.js';
import { listIncidentsOfServiceUserSince } from '../store/incidents.js';
import { commit, type Page } from '../store/db.js';
import {
  createServiceUserWrites,
  findByContactPoint,
  getServiceUserItem,
  listByName,
  searchByNameWords,
  toServiceUser,
  updateServiceUserWrites,
  type ServiceUser,
  type ServiceUserItem,
} from '../store/service-users.js';
import { listStrategiesOfServiceUser } from '../store/strategies.js';
import { latestPersonHistory, listAccessLog, personHistoryWrite, type PersonHistoryEntry } from '../store/person-record.js';
import { recordRead, type Reader } from './access-log.js';
import { once, type IdempotencyScope } from './idempotency.js';

/**
 * How much of the change history `GET /service-users/{id}` (and a PATCH) answers:
 * the newest entries, oldest first, with `historyTruncated: true` when there are
 * older ones (the subject-access export carries them all).
 */
export const HISTORY_SHOWN = 50;

/** The person as answered: the newest history entries (with any written on the profile before they moved to items of their own). */
async function withHistory(item: ServiceUserItem): Promise<ServiceUser & { historyTruncated?: true }> {
  const latest = await latestPersonHistory(item.id, HISTORY_SHOWN);
  return shownWith(item, [...(item.history ?? []), ...latest.entries], latest.more);
}

function shownWith(item: ServiceUserItem, history: PersonHistoryEntry[], more: boolean): ServiceUser & { historyTruncated?: true } {
  const shown = history.slice(-HISTORY_SHOWN);
  return { ...toServiceUser(item), ...(shown.length ? { history: shown } : {}), ...(more || history.length > HISTORY_SHOWN ? { historyTruncated: true as const } : {}) };
}

/** A new person, registered once per `Idempotency-Key` (the writes carry the profile and each contact point). */
export function registerServiceUser(input: CreateServiceUser, actor: Actor, idempotency?: IdempotencyScope): Promise<ServiceUser> {
  return once(idempotency, async () => {
    // Large print asked for in their additional needs is made the adjustment that prints their letters large.
    const adjustments = adjustmentsAtIntake(input.additionalNeeds, input.adjustments);
    const { user, writes } = createServiceUserWrites({ ...input, ...(adjustments ? { adjustments } : {}) }, actor, nowIso());
    return { result: user, writes };
  });
}

/** The person's profile with the screening snapshot; 404 when there is no such person. */
export async function requireServiceUserItem(id: string): Promise<ServiceUserItem> {
  const item = await getServiceUserItem(id);
  if (!item) throw notFound('There is no such service user.');
  return item;
}

/** The person, with `flags` (policy 1.3: the repeated-terminated-calls prompt) and the newest history; the read is logged. */
export async function getServiceUser(id: string, reader: Reader): Promise<ServiceUser & { flags: string[] }> {
  const item = await requireServiceUserItem(id);
  const at = now();
  const from = new Date(at.getTime() - TERMINATED_CALLS_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const [incidents, person] = await Promise.all([listIncidentsOfServiceUserSince(id, from), withHistory(item)]);
  await recordRead(id, reader);
  const flags = personFlags({
    terminatedCallTimes: incidents.filter((i) => i.callTerminated && i.warningGiven).map((i) => i.occurredAt),
    noTelephoneInForce: item.inForce.some((s) => (s.status === 'ACTIVE' || s.status === 'REVIEW_DUE') && s.restrictions.some((r) => r.type === 'NO_TELEPHONE')),
    prompt: config.TERMINATED_CALLS_PROMPT,
    now: at,
  });
  return { ...person, flags };
}

/** At most this many people answer a name search. */
export const NAME_SEARCH_MAX = 20;

/**
 * `POST /service-users/search`: exactly one of an email address or a phone number
 * (exact, both already normalised by the schema), name words (people whose name
 * contains every word, at most NAME_SEARCH_MAX) or a case reference (its person).
 */
export async function searchServiceUsers(query: SearchServiceUsers): Promise<{ items: ServiceUser[] }> {
  if (query.email !== undefined) return { items: await findByContactPoint('EMAIL', query.email) };
  if (query.phone !== undefined) return { items: await findByContactPoint('PHONE', query.phone) };
  if (query.name !== undefined) return { items: await searchByNameWords(nameWords(query.name), NAME_SEARCH_MAX) };
  const ids = [...new Set((await findCaseByReference(query.caseReference ?? '')).map((c) => c.serviceUserId))];
  const people = await Promise.all(ids.map(getServiceUserItem));
  return { items: people.filter((p): p is ServiceUserItem => p !== undefined).map(toServiceUser) };
}

/** `GET /service-users`: everyone on record in name order, a page at a time. */
export async function listServiceUsers(limit: number, cursor?: string): Promise<Page<ServiceUser>> {
  return listByName(limit, cursor);
}

/**
 * Applies a PATCH under the version read (412 when stale): the profile, its contact
 * points, who changed it and which fields (`updatedBy`, `history`), and a
 * `PERSON_UPDATED` entry on each of the person's OPEN cases, in one transaction.
 * A patch that changes nothing writes nothing and answers the person as they are.
 */
export async function updateServiceUser(id: string, patch: UpdateServiceUser, expectedVersion: number, actor: Actor): Promise<ServiceUser> {
  const [current, latest] = await Promise.all([requireServiceUserItem(id), latestPersonHistory(id, HISTORY_SHOWN)]);
  if (expectedVersion !== current.version) throw preconditionFailed(`The service user has changed since version ${expectedVersion}; read it again and retry.`);
  const history = [...(current.history ?? []), ...latest.entries];
  const fields = changedFields(current as unknown as Record<string, unknown>, patch);
  if (fields.length === 0) return shownWith(current, history, latest.more);
  const at = nowIso();
  const entry: PersonHistoryEntry = { at, actor, action: 'UPDATED', fields };
  const next: ServiceUserItem = { ...current, version: current.version + 1, updatedAt: at, updatedBy: actor };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.emails !== undefined) next.emails = patch.emails;
  if (patch.phones !== undefined) next.phones = patch.phones;
  if (patch.postalAddress !== undefined) {
    next.postalAddress = patch.postalAddress ?? undefined;
    // A new address is worth posting to again (one that came back is not).
    if (fields.includes('postalAddress')) next.postalAddressUndeliverable = undefined;
  }
  if (patch.additionalNeeds !== undefined) next.additionalNeeds = patch.additionalNeeds ?? undefined;
  if (patch.adjustments !== undefined) next.adjustments = patch.adjustments ?? undefined;
  const openCases = await openCasesOf(id);
  // The history entry is an item of its own, in the same transaction: the profile does not grow.
  await commit([...updateServiceUserWrites(current, next, expectedVersion), personHistoryWrite(id, entry), ...openCases.map((c) => personUpdatedWrite(c.id, id, fields, actor, at))]);
  return shownWith(next, [...history, entry], latest.more);
}

/** The strategies of a person (404 when there is no such person), newest first; the read is logged. */
export async function strategiesOfServiceUser(id: string, limit: number, cursor: string | undefined, reader: Reader) {
  await requireServiceUserItem(id);
  const page = await listStrategiesOfServiceUser(id, limit, cursor);
  await recordRead(id, reader);
  return page;
}

/** `GET /service-users/{id}/access-log`: who read the person's record, newest first, a page at a time; this read is logged too (after the page is read, so it is on the next one). */
export async function accessLogOf(id: string, limit: number, cursor: string | undefined, reader: Reader) {
  await requireServiceUserItem(id);
  const page = await listAccessLog(id, limit, cursor);
  await recordRead(id, reader);
  return page;
}
