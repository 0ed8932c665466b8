/**
 * Manager inbox: contacts the screening flagged as a potential breach (a blocked
 * channel, a call over the limit) that nobody has reported yet, newest first. Each
 * opens a breach report with that contact attached (policy 1.6).
 */
import { get, getAll, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h } from '../dom.js';
import { h2, link, p, summaryList } from '../govuk.js';
import { channelName, DECISIONS, formatDateTime } from '../labels.js';
import type { Case, Contact, Person } from '../types.js';

/** The contact in words: how and when, for the inbox and the breach report. */
export const contactWords = (c: Contact) => `${channelName(c.channel)} on ${formatDateTime(c.occurredAt)}`;

export async function potentialBreachesSection(): Promise<Node[]> {
  const contacts = (await getAll<Contact>('/contacts/potential-breaches').catch(() => [] as Contact[])).filter((c) => c.serviceUserId && c.screening?.strategyId);
  const people = new Map((await Promise.all([...new Set(contacts.map((c) => c.serviceUserId as string))].map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const cases = new Map((await Promise.all([...new Set(contacts.flatMap((c) => (c.caseId ? [c.caseId] : [])))].map((id) => get<Case>(`/cases/${q(id)}`)))).map((x) => [x.id, x]));
  return [
    h2(`Potential breaches from screening (${contacts.length})`, { id: 'potential-breaches' }),
    contacts.length
      ? p('Contacts the screening desk flagged because the strategy in force did not allow them. Report a breach to decide what to do, or leave it if it was not one.')
      : p('None.'),
    ...contacts.map((c) => {
      const name = people.get(c.serviceUserId as string)?.name ?? 'Unknown person';
      const kase = c.caseId ? cases.get(c.caseId) : undefined;
      const decision = c.screening ? DECISIONS[c.screening.decision] : undefined;
      return h(
        'div',
        { class: 'govuk-summary-card app-potential-breach' },
        h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${name}: ${contactWords(c)}`)),
        h(
          'div',
          { class: 'govuk-summary-card__content' },
          summaryList([
            ['Person', link(`#/people/${q(c.serviceUserId as string)}`, name)],
            ['Case', kase ? link(`#/cases/${q(kase.id)}`, `${kase.reference}: ${kase.subject}`) : 'No case named'],
            ['Screening said', decision ? decision.title : 'Potential breach'],
            ['Why', h('ul', { class: 'govuk-list govuk-list--bullet' }, (c.screening?.reasons ?? []).map((r) => h('li', null, r)))],
            ['Summary', c.summary],
          ]),
          mayRecord()
            ? h('a', { href: `#/strategies/${q(c.screening?.strategyId as string)}/breach?contact=${q(c.id)}&from=inbox`, class: 'govuk-button govuk-button--warning', role: 'button', draggable: 'false' }, 'Report a breach', h('span', { class: 'govuk-visually-hidden' }, ` about ${name}'s ${contactWords(c)}`))
            : null,
        ),
      );
    }),
  ];
}
