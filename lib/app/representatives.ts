/**
 * A person's representatives (docs/records.md, Representatives): recorded with the
 * person's consent, listed, and ended (consent withdrawn) without being deleted.
 * Each is recorded in the person's change history.
 */
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { nowIso } from '../clock.js';
import { sharedWithPerson } from '../domain/representatives.js';
import { notFound, unprocessable } from '../errors.js';
import type { CreateRepresentative } from '../schemas/representatives.js';
import { commit, ConditionFailed } from '../store/db.js';
import { personHistoryWrite } from '../store/person-record.js';
import { END_REPRESENTATIVE_WRITE, endRepresentativeWrites, getRepresentative, listRepresentatives, newRepresentativeWrites, type EndReason, type Representative } from '../store/representatives.js';
import { recordRead, type Reader } from './access-log.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { requireServiceUserItem } from './service-users.js';

/** A new representative of the person, recorded once per `Idempotency-Key`; 404 no such person, 422 an address that is the person's own. */
export function recordRepresentative(serviceUserId: string, input: CreateRepresentative, actor: Actor, idempotency?: IdempotencyScope): Promise<Representative> {
  return once(idempotency, () => newRepresentative(serviceUserId, input, actor));
}

async function newRepresentative(serviceUserId: string, input: CreateRepresentative, actor: Actor): Promise<Produced<Representative>> {
  const person = await requireServiceUserItem(serviceUserId);
  const clashes = sharedWithPerson(input, person);
  if (clashes.length) throw unprocessable("A representative's email address or phone number must not be the service user's own: their own contact stays under their contact strategy.", clashes);
  const at = nowIso();
  const representative: Representative = {
    id: ulid(),
    serviceUserId,
    name: input.name,
    kind: input.kind,
    emails: input.emails,
    phones: input.phones,
    ...(input.postalAddress ? { postalAddress: input.postalAddress } : {}),
    consent: input.consent,
    copyLetters: input.copyLetters,
    status: 'ACTIVE',
    recordedAt: at,
    recordedBy: actor,
  };
  return { result: representative, writes: [...newRepresentativeWrites(representative), personHistoryWrite(serviceUserId, { at, actor, action: 'REPRESENTATIVE_ADDED', fields: ['representatives'] })] };
}

/** `GET /service-users/{id}/representatives`: every one, ended ones too; the read is logged. */
export async function representativesOf(serviceUserId: string, reader: Reader): Promise<{ items: Representative[] }> {
  await requireServiceUserItem(serviceUserId);
  const items = await listRepresentatives(serviceUserId);
  await recordRead(serviceUserId, reader);
  return { items };
}

/**
 * Ends a representative (consent withdrawn, usually): kept on the record as ended,
 * no longer recognised by screening, sent no more copies. Ending one already ended
 * answers it as it is.
 */
export async function endRepresentative(serviceUserId: string, id: string, reason: EndReason, actor: Actor): Promise<Representative> {
  const rep = await getRepresentative(serviceUserId, id);
  if (!rep) throw notFound('This service user has no such representative.');
  if (rep.status === 'ENDED') return rep;
  const ended = { at: nowIso(), by: actor, reason };
  try {
    await commit([...endRepresentativeWrites(rep, ended), personHistoryWrite(serviceUserId, { at: ended.at, actor, action: 'REPRESENTATIVE_ENDED', fields: ['representatives'] })]);
  } catch (err) {
    // Ended by someone else meanwhile: answer it as it now is.
    if (err instanceof ConditionFailed && err.write === END_REPRESENTATIVE_WRITE) return (await getRepresentative(serviceUserId, id)) ?? rep;
    throw err;
  }
  return { ...rep, status: 'ENDED', ended };
}
