/**
 * The single point of contact (policy 1.5: "allocation of a dedicated single point of
 * contact for future communication"): who it is, handing it over to someone else
 * between reviews, and cover while they are away. Pure: the caller passes `today`.
 */
import type { Restriction } from '../schemas/restrictions.js';
import type { FieldError } from './field-error.js';

export interface StaffMember {
  staffId: string;
  staffName: string;
}

/** Someone standing in for the single point of contact, from one UK day to another (both included). */
export interface SpocCover extends StaffMember {
  from: string;
  until: string;
  reason: string;
}

/** Who screening routes a contact to: the single point of contact, or their cover (naming whom they cover for). */
export interface SpocToRouteTo extends StaffMember {
  coverFor?: StaffMember;
}

type Spoc = Extract<Restriction, { type: 'SINGLE_POINT_OF_CONTACT' }>;

/** The strategy's single point of contact, if it names one. */
export function spocOf(restrictions: readonly Restriction[]): Spoc | undefined {
  return restrictions.find((r): r is Spoc => r.type === 'SINGLE_POINT_OF_CONTACT');
}

/** Whether the cover lasts on `date` (a UK calendar day). */
export const coversOn = (cover: Pick<SpocCover, 'from' | 'until'> | undefined, date: string): boolean => cover !== undefined && cover.from <= date && date <= cover.until;

/** The member of staff to pass a contact on `date` to: the cover while it lasts, otherwise the single point of contact. */
export function spocOn(spoc: StaffMember, cover: SpocCover | undefined, date: string): SpocToRouteTo {
  if (!cover || !coversOn(cover, date)) return { staffId: spoc.staffId, staffName: spoc.staffName };
  return { staffId: cover.staffId, staffName: cover.staffName, coverFor: { staffId: spoc.staffId, staffName: spoc.staffName } };
}

/** The restrictions with the single point of contact handed to `to` (the rest unchanged). */
export function handedOver(restrictions: readonly Restriction[], to: StaffMember): Restriction[] {
  return restrictions.map((r) => (r.type === 'SINGLE_POINT_OF_CONTACT' ? { ...r, staffId: to.staffId, staffName: to.staffName } : r));
}

/** A handover names a strategy's single point of contact, and someone other than the one it has. */
export function handoverErrors(restrictions: readonly Restriction[], to: StaffMember): FieldError[] {
  const spoc = spocOf(restrictions);
  if (!spoc) return [{ path: 'staffId', message: 'the strategy names no single point of contact to hand over: vary it at a review to add one' }];
  if (spoc.staffId === to.staffId) return [{ path: 'staffId', message: `${spoc.staffName} is already the single point of contact` }];
  return [];
}

/**
 * Cover is for a strategy with a single point of contact, by someone else, for an
 * absence that has not already ended: `until` on or after `from`, and not before today.
 */
export function coverErrors(restrictions: readonly Restriction[], cover: Pick<SpocCover, 'staffId' | 'from' | 'until'>, today: string): FieldError[] {
  const spoc = spocOf(restrictions);
  if (!spoc) return [{ path: 'staffId', message: 'the strategy names no single point of contact to cover for' }];
  const errors: FieldError[] = [];
  if (spoc.staffId === cover.staffId) errors.push({ path: 'staffId', message: `${spoc.staffName} is the single point of contact: name someone else to cover` });
  if (cover.until < cover.from) errors.push({ path: 'until', message: 'must be on or after the day the cover starts' });
  else if (cover.until < today) errors.push({ path: 'until', message: 'has passed: cover is for an absence now or to come' });
  return errors;
}

/** Whether `staffId` is the one to route to today: the single point of contact, or their cover while it lasts. */
export function isSpocToday(restrictions: readonly Restriction[], cover: SpocCover | undefined, staffId: string, today: string): boolean {
  const spoc = spocOf(restrictions);
  if (!spoc) return false;
  return spoc.staffId === staffId || (cover?.staffId === staffId && coversOn(cover, today));
}
