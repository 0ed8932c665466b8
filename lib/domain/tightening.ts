/**
 * Policy 1.6: after a breach, the strategy may be adjusted to *increase* the
 * restrictions. Relaxing a restriction is a review's job, not a breach's, so a
 * breach adjustment keeps every restriction in force at least as strict and makes
 * at least one thing stricter. Pure: restrictions in, broken rules out.
 */
import type { FieldError } from './field-error.js';
import type { Restriction } from '../schemas/restrictions.js';

type Of<T extends Restriction['type']> = Extract<Restriction, { type: T }>;

/** A longer period allows the same number of calls less often: DAY < WEEK < MONTH. */
const PERIOD_LENGTH = { DAY: 1, WEEK: 2, MONTH: 3 } as const;

const find = <T extends Restriction['type']>(rs: readonly Restriction[], type: T) => rs.find((r): r is Of<T> => r.type === type);

/** Addresses compare as the strategy rules store them (emails lower-cased; phones already E.164). */
const addressKey = (a: string) => a.trim().toLowerCase();

const includesAll = <T>(bigger: readonly T[], smaller: readonly T[], key: (t: T) => unknown = (t) => t) => {
  const have = new Set(bigger.map(key));
  return smaller.every((s) => have.has(key(s)));
};

/** How a restriction in force fares in the adjusted set. */
type Verdict = { kept: false; why: string } | { kept: true; stricter: boolean };

const gone = (why: string): Verdict => ({ kept: false, why });
const kept = (stricter: boolean): Verdict => ({ kept: true, stricter });

/** Whether `next` still carries `current`, at least as strictly, and whether more strictly. */
function fateOf(current: Restriction, next: readonly Restriction[]): Verdict {
  switch (current.type) {
    case 'TELEPHONE_LIMIT': {
      // No telephone at all is stricter than any limit.
      if (find(next, 'NO_TELEPHONE') || find(next, 'WRITTEN_ONLY')) return kept(true);
      const n = find(next, 'TELEPHONE_LIMIT');
      if (!n) return gone('the telephone limit may only become stricter or a ban on telephone contact');
      if (n.maxCalls > current.maxCalls) return gone(`the telephone limit may not allow more calls (${current.maxCalls} in force)`);
      if (PERIOD_LENGTH[n.per] < PERIOD_LENGTH[current.per]) return gone(`the telephone limit may not count calls over a shorter period than ${current.per}`);
      if (current.maxMinutes !== undefined && (n.maxMinutes === undefined || n.maxMinutes > current.maxMinutes)) {
        return gone(`the telephone limit may not allow longer calls (${current.maxMinutes} minutes in force)`);
      }
      const stricter = n.maxCalls < current.maxCalls || PERIOD_LENGTH[n.per] > PERIOD_LENGTH[current.per] || (n.maxMinutes !== undefined && (current.maxMinutes === undefined || n.maxMinutes < current.maxMinutes));
      return kept(stricter);
    }
    case 'WRITTEN_ONLY': {
      const n = find(next, 'WRITTEN_ONLY');
      if (!n) return gone('written contact only must stay in force');
      if (!includesAll(current.channels, n.channels)) return gone('written contact only may lose channels, not gain them');
      return kept(n.channels.length < current.channels.length);
    }
    case 'BLOCK_ADDRESSES': {
      const n = find(next, 'BLOCK_ADDRESSES');
      if (!n || !includesAll(n.addresses, current.addresses, addressKey)) return gone('every blocked address must stay blocked');
      return kept(new Set(n.addresses.map(addressKey)).size > new Set(current.addresses.map(addressKey)).size);
    }
    case 'LOG_ONLY':
    case 'REFUSE_SAME_MATTER': {
      const n = find(next, current.type);
      if (!n || !includesAll(n.caseIds, current.caseIds)) return gone(`every case under ${current.type} must stay under it`);
      return kept(new Set(n.caseIds).size > new Set(current.caseIds).size);
    }
    case 'NO_TELEPHONE':
    case 'RECORD_CALLS':
    case 'SINGLE_POINT_OF_CONTACT':
      // A different single point of contact is neither stricter nor looser.
      return find(next, current.type) ? kept(false) : gone(`${current.type} must stay in force`);
  }
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
