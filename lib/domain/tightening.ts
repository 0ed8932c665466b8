/**
 * Policy 1.6: after a breach, the strategy may be adjusted to *increase* the
 * restrictions. Relaxing a restriction is a review's job, not a breach's, so a
 * breach adjustment keeps every restriction in force at least as strict and makes
 * at least one thing stricter. Pure: restrictions in, broken rules out.
 */
import type { FieldError } from './field-error.js';
import type { Restriction } from '../schemas/restrictions.js';
import { specOf, type Verdict } from './restrictions/index.js';

/**
 * Whether `next` still carries `current`, at least as strictly, and whether more
 * strictly: each type's spec decides, seeing its own successor and which types remain.
 */
function fateOf(current: Restriction, next: readonly Restriction[]): Verdict {
  const types = new Set<string>(next.map((r) => r.type));
  return specOf(current).tightening(current, { same: next.find((r) => r.type === current.type), has: (type) => types.has(type) });
}

/** A restriction type the strategy did not have before is a new restriction: stricter. */
function addsARestriction(current: readonly Restriction[], next: readonly Restriction[]): boolean {
  const had = new Set(current.map((r) => r.type));
  return next.some((r) => !had.has(r.type));
}

/**
 * Policy 1.6: a breach may only increase restriction. Every restriction in force
 * stays at least as strict (a telephone limit may become a ban, or allow no more
 * calls over the same or a longer period, or shorter calls; written-only may lose
 * channels; blocked addresses, log-only and refused cases may only gain entries),
 * and at least one thing is stricter. Every problem is reported, on `restrictions`.
 */
export function breachAdjustmentOnlyTightens(current: readonly Restriction[], next: readonly Restriction[]): FieldError[] {
  const errors: FieldError[] = [];
  let stricter = addsARestriction(current, next);
  for (const r of current) {
    const fate = fateOf(r, next);
    if (!fate.kept) errors.push({ path: 'restrictions', message: `${fate.why}: a breach may only increase restriction (relaxing is a review's job)` });
    else stricter ||= fate.stricter;
  }
  if (errors.length === 0 && !stricter) {
    errors.push({ path: 'restrictions', message: 'nothing is stricter than the strategy in force: a breach adjustment must increase restriction' });
  }
  return errors;
}
