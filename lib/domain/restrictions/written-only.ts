import { CHANNEL_WORDS, list } from './words.js';
import { contradictsNothing, gone, kept, noMinutes, none, restrictionSpec } from './spec.js';

/** Policy 1.5: restricting contact to email or post only. */
export const WRITTEN_ONLY = restrictionSpec({
  type: 'WRITTEN_ONLY',
  parameters: (z) => ({
    channels: z.array(z.enum(['EMAIL', 'POST'])).min(1, 'must allow at least one written channel').max(2),
  }),
  title: 'Written contact only',
  hint: 'Restricting contact to email or post only.',
  summary: (r) => `Written contact only, by ${r.channels.map((c) => (c === 'EMAIL' ? 'email' : 'post')).join(' or ')}`,
  letter: (r) => {
    const ways = r.channels.includes('EMAIL') && r.channels.includes('POST') ? 'by email or by post' : r.channels.includes('EMAIL') ? 'by email' : 'by post';
    return { text: `Please contact us only in writing, ${ways}. We will not take telephone calls or visits from you.` };
  },
  screening: {
    closes: (r, channel) => !(r.channels as string[]).includes(channel),
    findings: (r, facts) =>
      (r.channels as string[]).includes(facts.channel)
        ? []
        : [
            {
              decision: 'CHANNEL_BLOCKED',
              reason: `The contact strategy limits contact to ${list(
                r.channels.map((c) => CHANNEL_WORDS[c]),
                'or',
              )} only: contact by ${CHANNEL_WORDS[facts.channel]} is not accepted.${facts.usableText}`,
            },
          ],
    concludedCases: none,
    recordsCalls: false,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  tightening: (current, next) => {
    const n = next.same;
    if (!n) return gone('written contact only must stay in force');
    if (!n.channels.every((c) => current.channels.includes(c))) return gone('written contact only may lose channels, not gain them');
    return kept(n.channels.length < current.channels.length);
  },
});
