/**
 * Reporting a breach of a strategy (policy 1.6), with what it is about attached: the
 * screened contact it came from (from the screening desk or the manager inbox) and
 * any of the incidents on the person's cases, listed in words.
 */
import { get, getAll, newKey, post, q } from '../api.js';
import { add, h, list, str } from '../dom.js';
import { backLink, button, checkboxes, heading, insetText, textarea } from '../govuk.js';
import { onSubmit, whenFrom, whenInput } from '../forms.js';
import { DECISIONS, type Decision } from '../labels.js';
import { flash, go } from '../shell.js';
import type { Case, Contact, Person, Strategy } from '../types.js';
import { contactWords } from './inbox-breaches.js';
import { incidentsOfCases, incidentWords, referencesOf } from './incident-words.js';

export async function breachPage(main: HTMLElement, s: Strategy, contactId?: string, back?: string): Promise<string> {
  const [person, cases, contacts] = await Promise.all([
    get<Person>(`/service-users/${q(s.serviceUserId)}`),
    getAll<Case>(`/service-users/${q(s.serviceUserId)}/cases`),
    contactId ? getAll<Contact>(`/service-users/${q(s.serviceUserId)}/contacts`).catch(() => [] as Contact[]) : Promise.resolve([] as Contact[]),
  ]);
  const incidents = await incidentsOfCases(cases);
  const contact = contacts.find((c) => c.id === contactId);
  const refOf = referencesOf(cases);
  const strategyHref = `#/strategies/${q(s.id)}`;
  const form = h('form', { id: 'breach-form' });
  const key = newKey();
  add(
    form,
    whenInput({ name: 'breachAt', legend: 'When did it happen?', path: 'occurredAt', at: contact ? new Date(contact.occurredAt) : undefined }),
    textarea({ name: 'description', id: 'breach-description', label: 'What happened?', rows: 4 }),
    incidents.length
      ? checkboxes({
          name: 'incidentIds',
          path: 'incidentIds',
          legend: 'Attach incidents (optional)',
          legendSize: 's',
          hint: 'Incidents recorded on their cases that are part of this breach.',
          idPrefix: 'attach-incident',
          items: incidents.map((i) => ({ value: i.id, text: incidentWords(i, refOf), hint: i.description })),
        })
      : null,
    button('Report breach', { variant: 'warning' }),
  );
  onSubmit(form, async (v) => {
    const incidentIds = list(v.incidentIds);
    await post(
      `/strategies/${q(s.id)}/breaches`,
      { occurredAt: whenFrom(v, 'breachAt', 'occurredAt'), description: str(v.description), ...(contactId ? { contactIds: [contactId] } : {}), ...(incidentIds.length ? { incidentIds } : {}) },
      key,
    );
    flash('Breach reported', 'The Statutory Operations Manager has been told and will decide what to do (policy 1.6).');
    go(back ?? strategyHref);
  });
  const decision = contact?.screening ? DECISIONS[contact.screening.decision as Decision]?.title : undefined;
  add(
    main,
    backLink(back ?? strategyHref),
    heading('Report a breach', person.name),
    contactId
      ? insetText(h('strong', null, 'Attached: '), contact ? `the screened contact, ${contactWords(contact).charAt(0).toLowerCase()}${contactWords(contact).slice(1)}${decision ? ` (${decision.toLowerCase()})` : ''}.` : 'the contact you just screened.')
      : null,
    form,
  );
  return 'Report a breach';
}
