import { get, getAll, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { add, h } from '../dom.js';
import { h2, heading, hidden, insetText, link, notificationBanner, p, summaryList, table, tag } from '../govuk.js';
import { timelineEntryWords } from '../entry-words.js';
import { CASE_TYPE_WORDS, describeRestriction, formatDate, formatDateTime, STRATEGY_STATUS } from '../labels.js';
import type { View } from '../shell.js';
import type { Case, Contact, Letter, Representative, Strategy, TimelineEntry } from '../types.js';
import { adjustmentsSection } from './person-adjustments.js';
import { contactsSection, howItCame } from './person-contacts.js';
import { detailsRows, editDetails, type PersonRecord } from './person-edit.js';
import { flagPrompts } from './person-flags.js';
import { accessLogOf, accessLogSection, exportSection, historySection } from './person-history.js';
import { legalHoldSection } from './person-legal-hold.js';
import { lettersSection } from './person-letters.js';
import { representativesOf, representativesSection } from './person-representatives.js';
import { warningSection, warningsOf } from './warning.js';

export function statusTag(status: string) {
  const s = STRATEGY_STATUS[status] ?? { text: status, colour: 'grey' };
  return tag(s.text, s.colour);
}

/** Entries of the case timelines, and the person's contacts about no case, worded alike. */
export function timeline(entries: (Pick<TimelineEntry, 'at' | 'actor' | 'summary'> & { kind?: string; fields?: object; where?: string })[]) {
  if (!entries.length) return p('Nothing recorded yet.');
  return h(
    'ol',
    { class: 'app-timeline', reversed: true },
    entries.map((e) => h('li', null, h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, h('strong', null, timelineEntryWords(e))), h('p', { class: 'govuk-body-s app-timeline__meta govuk-!-margin-bottom-0' }, `${formatDateTime(e.at)}${e.actor ? ` by ${e.actor.name}` : ''}${e.where ? `, ${e.where}` : ''}`))),
  );
}

const view: View = async ({ main, params, query }) => {
  const id = params[0] as string;
  if (query.get('edit') === 'details') return editDetails(main, id);
  const [person, cases, strategies, contacts, letters, representatives] = await Promise.all([
    get<PersonRecord>(`/service-users/${q(id)}`),
    getAll<Case>(`/service-users/${q(id)}/cases`),
    getAll<Strategy>(`/service-users/${q(id)}/strategies`).catch(() => [] as Strategy[]),
    getAll<Contact>(`/service-users/${q(id)}/contacts`).catch(() => [] as Contact[]),
    getAll<Letter>(`/service-users/${q(id)}/letters`).catch(() => [] as Letter[]),
    representativesOf(id).catch(() => [] as Representative[]),
  ]);
  const timelines = await Promise.all(cases.map((c) => getAll<TimelineEntry>(`/cases/${q(c.id)}/timeline`).then((t) => t.map((e) => ({ ...e, where: c.reference })))));
  const personContacts = contacts.filter((c) => !c.caseId).map((c) => ({ at: c.occurredAt, kind: 'CONTACT', summary: `${howItCame(c)}, not about a case${c.summary ? `: ${c.summary}` : ''}`, actor: c.recordedBy as TimelineEntry['actor'] }));
  const all = [...timelines.flat(), ...personContacts].sort((a, b) => b.at.localeCompare(a.at));
  const refOf = (cid: string) => cases.find((c) => c.id === cid)?.reference;
  const inForce = strategies.filter((s) => s.status === 'ACTIVE' || s.status === 'REVIEW_DUE');

  add(main,
    heading(person.name, 'Person'),
    inForce.length
      ? notificationBanner({ title: 'Contact strategy in force', heading: `Review date ${formatDate(inForce[0]?.reviewDate)}`, body: [h('ul', { class: 'govuk-list govuk-list--bullet' }, inForce.flatMap((s) => s.restrictions).map((r) => h('li', null, describeRestriction(r, (c) => refOf(c) ?? 'a case')))), p(link(`#/strategies/${q(inForce[0]!.id)}`, 'View the strategy'))] })
      : null,
    flagPrompts(person),
    h2('Details'),
    summaryList(detailsRows(person)),
    mayRecord() ? p(link(`#/people/${q(person.id)}?edit=details`, 'Change details', hidden(` of ${person.name}`))) : null,
    h2('Additional needs'),
    person.additionalNeeds ? insetText(person.additionalNeeds) : p('None recorded. Policy 1.4 asks whether any additional needs have been identified before contact is restricted.'),
    ...adjustmentsSection(person), ...representativesSection(person.id, representatives), ...legalHoldSection(person), ...warningSection(person, cases, await warningsOf(person.id)),
    h2('Cases'),
    cases.length
      ? table({ head: ['Reference', 'Type', 'Subject', 'Status'], rows: cases.map((c) => [link(`#/cases/${q(c.id)}`, c.reference), CASE_TYPE_WORDS[c.type] ?? c.type, c.subject, c.status === 'OPEN' ? tag('Open', 'blue') : tag('Concluded', 'grey')]) })
      : p('No cases.'),
    h2('Contact strategies'),
    strategies.length
      ? table({ head: ['Strategy', 'Status', 'Review date', 'Proposed by'], rows: strategies.map((s) => [link(`#/strategies/${q(s.id)}`, `Strategy of ${formatDate(s.createdAt)}`), statusTag(s.status), formatDate(s.reviewDate), s.proposedBy?.name ?? '']) })
      : p('No contact strategies.'),
    mayRecord() && cases.length ? h('a', { href: `#/strategies/new?person=${q(person.id)}`, class: 'govuk-button govuk-button--secondary', role: 'button', draggable: 'false', id: 'propose-strategy' }, 'Propose a contact strategy') : null,
    lettersSection(letters),
    contactsSection(contacts, refOf),
    historySection(person),
    exportSection(person),
    accessLogSection(await accessLogOf(person.id)),
    h2('Timeline'),
    p('Newest first, across all their cases.'),
    timeline(all),
  );
  return person.name;
};
export default view;
