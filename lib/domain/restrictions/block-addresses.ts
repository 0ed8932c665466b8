import { contactPointOf } from '../contact-points.js';
import { closesNothing, contradictsNothing, gone, kept, noMinutes, none, restrictionSpec } from './spec.js';

/** An address as screening compares it: a contact point's normal form, else trimmed and lower-cased. */
export function normalisedAddress(a: string): string {
  return contactPointOf(a)?.value ?? a.trim().toLowerCase();
}

/** Addresses compare as the strategy rules store them (emails lower-cased; phones already E.164). */
const addressKey = (a: string) => a.trim().toLowerCase();

/** Policy 1.5: blocking email addresses or other specified channels of communication. */
export const BLOCK_ADDRESSES = restrictionSpec({
  type: 'BLOCK_ADDRESSES',
  parameters: (z, { singleLineString }) => ({
    // Normalised (emails lower-cased, phones to E.164) by the strategy rules before storing.
    addresses: z.array(singleLineString().trim().min(3).max(254)).min(1, 'must name at least one address').max(50),
  }),
  title: 'Block email addresses or phone numbers',
  hint: 'Blocking of email addresses or other specified channels of communication.',
  summary: (r) => `Blocked: ${r.addresses.join(', ')}`,
  letter: (r) => ({ text: 'We will not accept contact from these email addresses or telephone numbers:', items: [...r.addresses] }),
  screening: {
    // Per address, not per channel: the channel stays open from any other address.
    closes: closesNothing,
    findings: (r, facts) =>
      facts.from !== undefined && r.addresses.some((a) => normalisedAddress(a) === facts.from)
        ? [{ decision: 'CHANNEL_BLOCKED', reason: `The address or number this came from is blocked under the contact strategy: do not respond to it. Contact from an address that is not blocked is still accepted.` }]
        : [],
    concludedCases: none,
    recordsCalls: false,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  tightening: (current, next) => {
    const n = next.same;
    const have = new Set(n?.addresses.map(addressKey));
    if (!n || !current.addresses.every((a) => have.has(addressKey(a)))) return gone('every blocked address must stay blocked');
    return kept(have.size > new Set(current.addresses.map(addressKey)).size);
  },
});
