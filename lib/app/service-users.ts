/**
 * Service users: the people records are kept about (contract, *Service users*).
 */
import type * as z from 'zod';
import type { Actor } from '../auth.js';
import { nowIso } from '../clock.js';
import { contactPointOf, normaliseEmail, normalisePhone } from '../domain/contact-points.js';
import { badRequest, notFound } from '../errors.js';
import type { CreateServiceUser, LookupQuery, UpdateServiceUser } from '../schemas/service-users.js';
import { commit, type Page, type Write } from '../store/db.js';
import {
  createServiceUserWrites,
  findByContactPoint,
  getServiceUserItem,
  searchByName,
  toServiceUser,
  updateServiceUserWrites,
  type ServiceUser,
  type ServiceUserItem,
} from '../store/service-users.js';
import { listStrategiesOfServiceUser } from '../store/strategies.js';

/** A new person, for `idempotent` to commit (the writes carry the profile and each contact point). */
export function registerServiceUser(input: CreateServiceUser, actor: Actor): { user: ServiceUser; writes: Write[] } {
  return createServiceUserWrites(input, actor);
}

/** The person's profile with the screening snapshot; 404 when there is no such person. */
export async function requireServiceUserItem(id: string): Promise<ServiceUserItem> {
  const item = await getServiceUserItem(id);
  if (!item) throw notFound(`No service user ${id}.`);
  return item;
}

export async function getServiceUser(id: string): Promise<ServiceUser> {
  return toServiceUser(await requireServiceUserItem(id));
}

/**
 * Finds people by exactly one of: a name prefix (paginated), an email address or a
 * phone number (however written; 400 when `phone` is not a phone number).
 */
export async function lookUpServiceUsers(query: z.infer<typeof LookupQuery>): Promise<Page<ServiceUser>> {
  if (query.name !== undefined) return searchByName(query.name, query.limit, query.cursor);
  const point = query.email !== undefined ? { kind: 'EMAIL' as const, value: normaliseEmail(query.email) } : contactPointOf(query.phone ?? '');
  if (!point || (query.phone !== undefined && point.kind !== 'PHONE')) {
    throw badRequest('phone is not a phone number.', [{ path: 'query.phone', message: 'not a phone number' }]);
  }
  return { items: await findByContactPoint(point.kind, point.kind === 'PHONE' ? normalisePhone(point.value) : point.value) };
}

/** Applies a PATCH under the version read (412 when stale): the profile, and its contact points in the same transaction. */
export async function updateServiceUser(id: string, patch: UpdateServiceUser, expectedVersion: number): Promise<ServiceUser> {
  const current = await requireServiceUserItem(id);
  const next: ServiceUserItem = { ...current, version: current.version + 1, updatedAt: nowIso() };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.emails !== undefined) next.emails = patch.emails;
  if (patch.phones !== undefined) next.phones = patch.phones;
  if (patch.postalAddress !== undefined) next.postalAddress = patch.postalAddress ?? undefined;
  if (patch.additionalNeeds !== undefined) next.additionalNeeds = patch.additionalNeeds ?? undefined;
  await commit(updateServiceUserWrites(current, next, expectedVersion));
  return toServiceUser(next);
}

/** The strategies of a person (404 when there is no such person), newest first. */
export async function strategiesOfServiceUser(id: string, limit: number, cursor?: string) {
  await requireServiceUserItem(id);
  return listStrategiesOfServiceUser(id, limit, cursor);
}
