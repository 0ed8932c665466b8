/**
 * Who acts on the record. The roles are the office's (the policy's own names for who may
 * decide what); a member of staff is named by their sign-in, and every decision, entry
 * and letter records the actor as `{ sub, name }`. Kept in the domain, not the HTTP
 * layer, because use cases and repositories record actors whatever called them (a
 * route, the state machine, the inbound-email gateway).
 */
export const ROLES = ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Each role by the name staff know it by (the console's sign-in, a refused request's 403). */
export const ROLE_NAMES: Record<Role, string> = {
  caseworker: 'Caseworker',
  'line-manager': 'Line manager',
  'statutory-operations-manager': 'Statutory Operations Manager',
  'head-of-assurance': 'Head of Assurance and Statutory Duties',
  auditor: 'Auditor',
};

/** A member of staff, as their sign-in names them. */
export interface Staff {
  sub: string;
  name: string;
  email: string;
  roles: Role[];
}

/** The `{ sub, name }` recorded as `actor`, `proposedBy`, `decidedBy`. */
export interface Actor {
  sub: string;
  name: string;
}

export const actorOf = (staff: Staff): Actor => ({ sub: staff.sub, name: staff.name });
