import { ROLE_NAMES, ROLES, type Role, type Staff } from './domain/staff.js';
import { forbidden } from './errors.js';

// The HTTP layer's callers (handlers, the local stack) find the staff notions here too.
export { ROLES, actorOf, type Actor, type Role, type Staff } from './domain/staff.js';

/** What a route needs: the roles table of docs/architecture.md, Roles. */
export type Permission =
  | 'read'
  | 'record'
  | 'escalate'
  | 'refer-to-police'
  | 'decide'
  | 'decide-appeal'
  | 'export'
  | 'read-access-log'
  | 'check-unanswered'
  | 'read-retention'
  | 'legal-hold'
  | 'propose-disposal'
  | 'decide-disposal'
  | 'read-disposals';

const grants: Record<Permission, readonly Role[]> = {
  read: ROLES,
  // "everything a caseworker may": every role but the auditor.
  record: ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance'],
  escalate: ['line-manager'],
  'refer-to-police': ['head-of-assurance'],
  decide: ['statutory-operations-manager'],
  // Appeals are looked at again by someone uninvolved: a Statutory Operations Manager or the Head of Assurance.
  'decide-appeal': ['statutory-operations-manager', 'head-of-assurance'],
  export: ['statutory-operations-manager', 'auditor'],
  // Who read a person's record: for those who answer for the record's use, not for everyone who reads it.
  'read-access-log': ['statutory-operations-manager', 'auditor'],
  // Second reads of contacts logged without a reply (docs/screening.md).
  'check-unanswered': ['line-manager', 'statutory-operations-manager'],
  // Retention and disposal (docs/records.md): the Statutory Operations Manager answers for it, the auditor reads it.
  'read-retention': ['statutory-operations-manager', 'auditor'],
  'legal-hold': ['statutory-operations-manager'],
  'propose-disposal': ['statutory-operations-manager'],
  // Four eyes: a second Statutory Operations Manager or the Head of Assurance (never the proposer).
  'decide-disposal': ['statutory-operations-manager', 'head-of-assurance'],
  'read-disposals': ['statutory-operations-manager', 'head-of-assurance', 'auditor'],
};

/**
 * Cognito puts groups in `cognito:groups`. API Gateway's REST authorizer hands them
 * to the Lambda as one string (`"a,b"` or `"[a b]"`); a verified JWT has an array.
 */
export function parseGroups(raw: unknown): Role[] {
  let list: string[] = [];
  if (Array.isArray(raw)) list = raw.map(String);
  else if (typeof raw === 'string') list = raw.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  return list.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

export function may(staff: Staff, permission: Permission): boolean {
  return staff.roles.some((r) => grants[permission].includes(r));
}

export function requirePermission(staff: Staff, permission: Permission): void {
  if (!may(staff, permission)) {
    throw forbidden(`This needs one of the roles: ${grants[permission].map((r) => ROLE_NAMES[r]).join(', ')}.`);
  }
}
