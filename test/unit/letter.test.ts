import { describe, expect, it } from 'vitest';
import { escapeHtml, renderLetter, ukLongDate, type LetterInput } from '../../lib/domain/letter.js';

/** The enclosed policy's own title, from the policy document port. */
const POLICY_TITLE = 'Northshire OPFCC: Managing Unreasonable Contact';

const base: LetterInput = {
  kind: 'IMPLEMENTED',
  strategy: {
    id: '01STRATEGY',
    reason: 'You have telephoned us many times a day about a complaint we have concluded.',
    reviewDate: '2027-06-01',
    caseIds: ['c1', 'c2'],
    restrictions: [
      { type: 'LOG_ONLY', caseIds: ['c2'] },
      { type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK', maxMinutes: 15 },
      { type: 'BLOCK_ADDRESSES', addresses: ['old@example.com', '+441482999999'] },
      { type: 'RECORD_CALLS' },
      { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-9', staffName: 'Jo Bloggs' },
    ],
  },
  person: { name: 'Alex Example', postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' } },
  cases: [
    { id: 'c1', reference: 'OPCC-2026-000001', subject: 'Handling of a complaint', status: 'OPEN' },
    { id: 'c2', reference: 'OPCC-2026-000002', subject: 'Review of an outcome', status: 'CONCLUDED' },
  ],
  issuedOn: '2026-11-28',
  policyTitle: POLICY_TITLE,
  office: { name: 'Office of the Police, Fire and Crime Commissioner for Northshire', postalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'] },
};

const render = (over: Partial<LetterInput> = {}) => renderLetter({ ...base, ...over });

describe('the letter telling a person about their contact strategy (policy 1.5)', () => {
  it('gives the review date in UK long form', () => {
    expect(ukLongDate('2027-06-01')).toBe('Tuesday 1 June 2027');
    expect(ukLongDate('2026-03-29')).toBe('Sunday 29 March 2026');
    expect(render().text).toContain('by Tuesday 1 June 2027');
  });

  it('is addressed to the person, dated, and gives the reason', () => {
    const { text, subject } = render();
    expect(subject).toBe('How you can contact us from now on');
    expect(text.startsWith('Alex Example\n1 High Street\nHull\nHU1 1AA\n\nSaturday 28 November 2026\n\nDear Alex Example,')).toBe(true);
    expect(text).toContain('Why we have done this');
    expect(text).toContain(base.strategy.reason);
    expect(text).toContain('OPCC-2026-000001: Handling of a complaint');
  });

  it('explains log only, naming the case reference', () => {
    expect(render().text).toMatch(/OPCC-2026-000002 has been concluded and our decision is final\. If you contact us asking for it to be re-opened, we will keep a record of what you send us, but we will not reply\./);
  });

  it('explains refusing the same matter, naming the case references', () => {
    const { text } = render({ strategy: { ...base.strategy, restrictions: [{ type: 'REFUSE_SAME_MATTER', caseIds: ['c1', 'c2'] }] } });
    expect(text).toContain('Your cases OPCC-2026-000001 and OPCC-2026-000002 have been concluded. We will not register, look into or discuss any further correspondence about the same matter.');
  });

  it('gives the telephone limit with its period and the longest a call may last', () => {
    expect(render().text).toContain('You can telephone us up to twice each week (Monday to Sunday). Each call can last up to 15 minutes');
    const daily = render({ strategy: { ...base.strategy, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 3, per: 'MONTH' }] } }).text;
    expect(daily).toContain('up to 3 times each calendar month.');
  });

  it('lists the blocked addresses, says calls are recorded and names the single point of contact', () => {
    const { text } = render();
    expect(text).toContain('    - old@example.com');
    expect(text).toContain('    - +441482999999');
    expect(text).toContain('Telephone calls between you and us will be recorded.');
    expect(text).toContain('Jo Bloggs will be your single point of contact');
  });

  it('says which written channels remain under written contact only, and that telephoning is not one', () => {
    const { text } = render({ strategy: { ...base.strategy, restrictions: [{ type: 'WRITTEN_ONLY', channels: ['EMAIL'] }] } });
    expect(text).toContain('Please contact us only in writing, by email.');
    expect(text).toContain('If you want to raise a new matter with us, you can still do so by email.');
  });

  it('says a new matter is always considered through the channels still open, and the rights to complain and to a review are not affected', () => {
    const { text } = render({ strategy: { ...base.strategy, restrictions: [{ type: 'NO_TELEPHONE' }] } });
    expect(text).toContain('you can still do so by email or by post. We will always consider a new matter.');
    expect(text).toContain('Nothing in this letter affects your right to complain or your right to ask for a review.');
    expect(text).toContain('Please do not telephone us.');
  });

  it('says a copy of the policy comes with it', () => {
    expect(render().text).toContain(`A copy of our policy, "${POLICY_TITLE}", comes with this letter.`);
  });

  it('EXTENDED says the strategy continues and until when', () => {
    const { subject, text } = render({ kind: 'EXTENDED', nextReviewDate: '2027-11-01' });
    expect(subject).toContain('continuing');
    expect(text).toContain('decided that it will continue, as it is, until we review it again by Monday 1 November 2027');
    expect(text).toContain('We will review these arrangements by Monday 1 November 2027');
  });

  it('VARIED sets out the new restrictions', () => {
    const { subject, text } = render({ kind: 'VARIED', strategy: { ...base.strategy, restrictions: [{ type: 'NO_TELEPHONE' }] }, nextReviewDate: '2027-09-01' });
    expect(subject).toBe('Changes to how you can contact us');
    expect(text).toContain('The arrangements set out below replace the ones we told you about before.');
    expect(text).toContain('What this means for you from now on');
    expect(text).toContain('Please do not telephone us.');
    expect(text).not.toContain('up to twice');
  });

  it('ENDED says the restrictions are lifted', () => {
    const { subject, text } = render({ kind: 'ENDED' });
    expect(subject).toContain('ended');
    expect(text).toContain('The restrictions on your contact with us are lifted');
    expect(text).not.toContain('single point of contact');
    expect(text).toContain('right to complain');
  });

  it('escapes every user-provided value in the HTML', () => {
    const { html, text } = render({
      strategy: { ...base.strategy, reason: '<script>alert("x")</script> & more', restrictions: [{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 's', staffName: '<b>Jo</b>' }, { type: 'BLOCK_ADDRESSES', addresses: ['<img src=x>@example.com'] }] },
      person: { name: 'Alex <i>Example</i>', postalAddress: { lines: ['<svg onload=x>'], postcode: 'HU1 1AA' } },
      cases: [{ id: 'c1', reference: 'OPCC-2026-000001', subject: '<iframe>', status: 'OPEN' }],
    });
    expect(html).not.toMatch(/<script|<b>|<i>|<svg|<iframe|<img/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).toContain('Dear Alex &lt;i&gt;Example&lt;/i&gt;,');
    expect(text).toContain('<script>alert("x")</script>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('renders the same content as HTML, with the blocked addresses as a nested list', () => {
    const { html } = render();
    expect(html).toContain('<h2>Why we have done this</h2>');
    expect(html).toContain('<ul><li>old@example.com</li><li>+441482999999</li></ul></li>');
    expect(html).toContain('Tuesday 1 June 2027');
  });
});

describe('any office can send it (settings ORG_NAME, ORG_POSTAL_ADDRESS)', () => {
  it('is signed by the office named in the settings, with its postal address, and names no other office', () => {
    for (const kind of ['IMPLEMENTED', 'EXTENDED', 'VARIED', 'ENDED'] as const) {
      const { text, html } = render({ kind });
      expect(text).toContain('Yours sincerely,\nOffice of the Police, Fire and Crime Commissioner for Northshire\nPO Box 123\nNorthtown\nNT1 2AB');
      expect(html).toContain('Yours sincerely,<br>Office of the Police, Fire and Crime Commissioner for Northshire<br>PO Box 123<br>Northtown<br>NT1 2AB');
      expect(`${text}${html}`).not.toMatch(/Humberside/i);
    }
  });

  it("names what is enclosed by the policy document's own title", () => {
    expect(render({ policyTitle: 'SAMPLE, not this office\'s policy: X' }).text).toContain('A copy of our policy, "SAMPLE, not this office\'s policy: X", comes with this letter.');
  });
});
