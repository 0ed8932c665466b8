import { get, getAll, post, q, type Page } from '../api.js';
import { hasRole, session } from '../auth.js';
import { add, h, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, h2, heading, insetText, link, p, radios, select, summaryList, table, tag, textarea } from '../govuk.js';
import { channelName, DECISIONS, formatDate, formatDateTime } from '../labels.js';
import { flash, go, type View } from '../shell.js';
import type { Case, Person, UnansweredContact } from '../types.js';

/**
 * Contacts logged without a reply: screened LOG_ONLY, REFUSE or CHANNEL_BLOCKED, so
 * nobody answered them; and inbound email held back as spam or a virus, or withheld
 * because its unverified sender claims the address of someone whose strategy withholds it. A line manager or the Statutory
 * Operations Manager reads each one again, oldest first, for a fresh matter or a
 * safeguarding concern; nobody checks a contact they logged themselves.
 */

type Outcome = NonNullable<UnansweredContact['check']>['outcome'];

const OUTCOMES: { value: Outcome; text: string; hint: string; found: string }[] = [
  { value: 'NOTHING_NEW', text: 'Nothing new', hint: 'It repeats what the contact strategy already covers.', found: 'Nothing new' },
  { value: 'FRESH_MATTER', text: 'A fresh matter', hint: 'Something new the person is entitled to raise: it is handled as a new case.', found: 'Fresh matter' },
  { value: 'SAFEGUARDING', text: 'A safeguarding concern', hint: 'The Statutory Operations Manager is emailed straight away.', found: 'Safeguarding concern' },
];

const HELD_BACK: Record<'SPAM' | 'VIRUS', string> = {
  SPAM: 'Held back as spam: it was not forwarded to the office mailbox.',
  VIRUS: 'Held back as a virus: it was not forwarded, and its attachments stay in storage.',
};

const mayCheck = () => hasRole('line-manager', 'statutory-operations-manager');

const view: View = async ({ main }) => {
  const [waiting, checked] = await Promise.all([getAll<UnansweredContact>('/contacts/unanswered?checked=false'), get<Page<UnansweredContact>>('/contacts/unanswered?checked=true&limit=20')]);
  const personIds = [...new Set([...waiting, ...checked.items].flatMap((c) => (c.serviceUserId ? [c.serviceUserId] : [])))];
  const people = new Map((await Promise.all(personIds.map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const casesOf = new Map(await Promise.all(personIds.map(async (id) => [id, await getAll<Case>(`/service-users/${q(id)}/cases`)] as const)));
  const caseOf = (c: UnansweredContact, caseId = c.caseId) => (c.serviceUserId && caseId ? casesOf.get(c.serviceUserId)?.find((k) => k.id === caseId) : undefined);
  const nameOf = (c: UnansweredContact) => (c.serviceUserId ? (people.get(c.serviceUserId)?.name ?? 'Unknown person') : 'Not matched to one person');
  const fromOf = (c: UnansweredContact) => {
    if (c.serviceUserId) return link(`#/people/${q(c.serviceUserId)}`, nameOf(c));
    if (c.senderUnverified) return `Sender not verified: the email claims to be from ${c.claimedFrom ?? 'an address that could not be read'}, so it is on nobody’s record`;
    return 'Not matched to one person: an address or number several people share';
  };
  const me = session()?.sub;
  const overdue = waiting.filter((c) => c.overdue).length;

  const card = (c: UnansweredContact, i: number) => {
    const decision = c.screening?.decision;
    const kase = caseOf(c);
    const title = `${nameOf(c)}: ${channelName(c.channel).toLowerCase()} on ${formatDateTime(c.occurredAt)}`;
    return h(
      'div',
      { class: 'govuk-summary-card unanswered-card', id: `contact-${i + 1}` },
      h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, title), c.overdue ? tag('Overdue', 'red') : tag(`Check by ${formatDate(c.checkDueBy)}`, 'grey')),
      h(
        'div',
        { class: 'govuk-summary-card__content' },
        summaryList([
          ['Received', formatDateTime(c.occurredAt)],
          ['How', c.source === 'INBOUND_EMAIL' ? 'Email (screened as it arrived)' : c.source === 'SWITCHBOARD' ? 'Call at the switchboard (screened before anyone picked up)' : channelName(c.channel)],
          ['From', fromOf(c)],
          ['Case', kase ? link(`#/cases/${q(kase.id)}`, kase.reference) : 'No case named'],
          ['Why there was no reply', h('div', null, c.quarantined ? p(HELD_BACK[c.quarantined]) : null, p(decision && DECISIONS[decision] ? DECISIONS[decision].title : 'Not answered'), c.screening?.reasons.length ? h('ul', { class: 'govuk-list govuk-list--bullet' }, c.screening.reasons.map((r) => h('li', null, r))) : null)],
          ['What was logged', c.summary],
          ['Logged by', c.recordedBy.name],
        ]),
        !mayCheck() ? null : c.recordedBy.sub === me ? insetText('You logged this contact, so someone else must read it again.') : checkForm(c, i, c.serviceUserId ? (casesOf.get(c.serviceUserId) ?? []).filter((k) => k.id !== c.caseId) : []),
      ),
    );
  };

  const foundText = (c: UnansweredContact) => {
    const found = OUTCOMES.find((o) => o.value === c.check?.outcome)?.found ?? '';
    const fresh = c.check?.caseId ? caseOf(c, c.check.caseId) : undefined;
    return fresh ? `${found}: ${fresh.reference}` : found;
  };

  add(
    main,
    heading('Contacts logged without a reply'),
    p('These contacts were screened and got no answer: logged only, refused about a concluded matter, or made in a way the contact strategy does not allow. Read each one again for anything new. A fresh matter or a safeguarding concern is never shut out by a contact strategy.'),
    mayCheck() ? null : insetText('Only a line manager or the Statutory Operations Manager records these checks. You can see what is waiting.'),
    h2(`Waiting to be read (${waiting.length}${overdue ? `, ${overdue} overdue` : ''})`, { id: 'waiting' }),
    waiting.length ? waiting.map(card) : p('None. Every contact logged without a reply has been read.'),
    h2('Recently read', { id: 'checked' }),
    checked.items.length
      ? table({
          caption: 'The last 20 checks, most recent first',
          captionSize: 's',
          head: ['Contact', 'Person', 'Found', 'Read by', 'Read on'],
          rows: checked.items.map((c) => [`${channelName(c.channel)}, ${formatDateTime(c.occurredAt)}`, nameOf(c), foundText(c), c.check?.by.name ?? '', formatDateTime(c.check?.at)]),
        })
      : p('None yet.'),
  );
  return 'Contacts logged without a reply';
};
export default view;

/** The check: what the second read found, the new case for a fresh matter, notes. */
function checkForm(c: UnansweredContact, i: number, otherCases: Case[]): HTMLElement {
  const form = h('form', { class: 'app-check-form', 'aria-label': `Record the check of contact ${i + 1}` });
  const chooser = otherCases.length
    ? select({
        name: 'caseId',
        label: 'Which case was opened for it?',
        hint: 'Open the new case from the person’s page first if it is not listed.',
        options: [{ value: '', text: 'Choose a case' }, ...otherCases.map((k) => ({ value: k.id, text: `${k.reference}: ${k.subject}` }))],
      })
    : h('div', { class: 'govuk-form-group', 'data-path': 'caseId' }, p('This person has no other case yet. ', c.serviceUserId ? link(`#/people/${q(c.serviceUserId)}`, 'Open the new case from their page') : null, ', then come back to record the check.'));
  form.append(
    radios({
      name: 'outcome',
      legend: 'What did you find?',
      legendSize: 's',
      items: OUTCOMES.map((o) => ({ value: o.value, text: o.text, hint: o.hint, conditional: o.value === 'FRESH_MATTER' ? chooser : undefined })),
    }),
    textarea({ name: 'notes', label: 'Notes', hint: 'What you read and why you decided this. For a safeguarding concern, say what the concern is: the Statutory Operations Manager reads these notes in the email.', rows: 3 }),
    button('Record the check'),
  );
  onSubmit(form, async (v) => {
    const outcome = str(v.outcome) as Outcome | '';
    if (!outcome) throw new FormError([{ path: 'outcome', message: 'Choose what you found' }]);
    const caseId = str(v.caseId);
    if (outcome === 'FRESH_MATTER' && !caseId) throw new FormError([{ path: 'caseId', message: 'Choose the case opened for the fresh matter' }]);
    if (!str(v.notes)) throw new FormError([{ path: 'notes', message: 'Enter your notes' }]);
    await post(`/contacts/${q(c.id)}/check`, { outcome, notes: str(v.notes), ...(outcome === 'FRESH_MATTER' ? { caseId } : {}) });
    flash('Check recorded', outcome === 'SAFEGUARDING' ? 'The Statutory Operations Manager has been emailed about the safeguarding concern.' : undefined);
    go('#/unanswered');
  });
  return form;
}
