/**
 * The desk's intake: a caller nobody matches is added on the spot with a case
 * opened and the contact logged on it; a person already on record gets a new case;
 * an incident is logged on the case chosen. Every lookup and write is a POST with a
 * JSON body (no personal data in a URL) and every creating POST carries an
 * Idempotency-Key, so a double submit or a retry writes once.
 */
import { newKey, post, q } from '../api.js';
import { h, list, str } from '../dom.js';
import { button, checkboxes, details, h2, insetText, link, notificationBanner, p, radios, select, textarea, textInput } from '../govuk.js';
import { FormError, onSubmit } from '../forms.js';
import { CHANNELS, type Channel } from '../labels.js';
import { enhance, flash, go } from '../shell.js';
import type { Case, Person, ScreenResult } from '../types.js';
import { addressFields, addressFrom, worded } from './person-edit.js';

export const CASE_TYPES = [
  { value: 'COMPLAINT', text: 'Complaint' },
  { value: 'REVIEW', text: 'Review' },
  { value: 'CORRESPONDENCE', text: 'Correspondence' },
];

const caseFields = (prefix: string) => [
  radios({ name: 'type', legend: 'What kind of case?', legendSize: 's', inline: true, idPrefix: `${prefix}-type`, items: CASE_TYPES }),
  textInput({ name: 'subject', id: `${prefix}-subject`, label: 'What is the case about?', hint: 'A line staff will recognise, for example “Complaint about the handling of a 101 call”.' }),
];

function caseErrors(v: Record<string, string | string[]>) {
  const errors = [];
  if (!str(v.type)) errors.push({ path: 'type', message: 'Choose what kind of case it is' });
  if (!str(v.subject)) errors.push({ path: 'subject', message: 'Enter what the case is about' });
  return errors;
}

export type ShowResult = (box: HTMLElement, r: ScreenResult, ctx: { caseId?: string; refOf?: (id: string) => string; person?: Person }) => void;

/**
 * Adds a caller nobody matches: their details (the number or address they called
 * from already filled in), a case, and the contact logged on it by screening.
 */
export function intakeForm(out: HTMLElement, s: { kind: string; value: string; channel: Channel }, showResult: ShowResult) {
  const keys = { person: newKey(), kase: newKey(), screen: newKey() };
  const done: { person?: Person; kase?: Case } = {};
  const form = h('form', { id: 'intake-form', novalidate: true });
  form.append(
    radios({ name: 'channel', legend: 'How did they get in touch?', legendSize: 's', inline: true, idPrefix: 'intake-channel', items: CHANNELS.map((c) => ({ value: c.value, text: c.text, checked: c.value === s.channel })) }),
    textInput({ name: 'name', id: 'intake-name', label: 'Full name', autocomplete: 'off', spellcheck: false, value: s.kind === 'name' ? s.value : '' }),
    textInput({ name: 'phone', id: 'intake-phone', path: 'phones', label: 'Phone number', hint: 'Optional', type: 'tel', autocomplete: 'off', width: '20', value: s.kind === 'phone' ? s.value : '' }),
    textInput({ name: 'email', id: 'intake-email', path: 'emails', label: 'Email address', hint: 'Optional', type: 'email', autocomplete: 'off', spellcheck: false, value: s.kind === 'email' ? s.value : '' }),
    addressFields(),
    textarea({ name: 'additionalNeeds', id: 'intake-needs', label: 'Additional needs', hint: 'Optional. Anything that calls for tailored support, for example a disability or a language need (policy 1.4).', rows: 2 }),
    checkboxes({ name: 'largePrint', legend: 'Letters', legendSize: 's', small: true, idPrefix: 'intake-large-print', items: [{ value: 'LARGE_PRINT', text: 'Send their posted letters in large print', hint: 'A reasonable adjustment. Writing "large print" in their additional needs sets it too.' }] }),
    h2('Their case'),
    ...caseFields('intake'),
    h2('This contact'),
    textarea({ name: 'summary', id: 'intake-summary', label: 'What do they want?', hint: 'Optional. A line is enough: you can add to the case later.', rows: 3 }),
    button('Add them, open the case and log the contact', { id: 'intake-button' }),
  );
  const resultBox = h('div', { id: 'intake-result' });
  onSubmit(form, async (v) => {
    const errors = [...(str(v.name) ? [] : [{ path: 'name', message: 'Enter their full name' }]), ...caseErrors(v)];
    if (errors.length) throw new FormError(errors);
    const channel = str(v.channel) as Channel;
    const phone = str(v.phone);
    const email = str(v.email);
    done.person ??= await post<Person>('/service-users', { name: str(v.name), phones: phone ? [phone] : [], emails: email ? [email] : [], postalAddress: addressFrom(v), additionalNeeds: str(v.additionalNeeds) || undefined, ...(list(v.largePrint).length ? { adjustments: { format: 'LARGE_PRINT' } } : {}) }, keys.person).catch(worded);
    const person = done.person;
    done.kase ??= await post<Case>('/cases', { serviceUserId: person.id, type: str(v.type), subject: str(v.subject) }, keys.kase).catch(worded);
    const kase = done.kase;
    const from = channel === 'EMAIL' ? person.emails[0] : channel === 'PHONE' ? person.phones[0] : undefined;
    const res = await post<ScreenResult>('/contacts/screen', { channel, from, serviceUserId: person.id, caseId: kase.id, receivedAt: new Date().toISOString(), summary: str(v.summary) || undefined }, keys.screen).catch(worded);
    form.remove();
    resultBox.append(
      notificationBanner({
        success: true,
        role: 'region',
        title: 'Added',
        id: 'intake-done',
        heading: `${person.name} added, and case ${kase.reference} opened`,
        body: p(link(`#/people/${q(person.id)}`, 'View ', person.name, '’s record'), ' or ', link(`#/cases/${q(kase.id)}`, `open ${kase.reference}`), '.'),
      }),
    );
    showResult(resultBox, res, { caseId: kase.id, refOf: (id) => (id === kase.id ? kase.reference : 'a case'), person });
  });
  out.replaceChildren(
    h2('Add a new person', { id: 'intake-heading', tabindex: '-1' }),
    p('Add them, open a case for what they want, and log this contact on it. Screening runs as the contact is logged.'),
    resultBox,
    form,
  );
  enhance(out);
  (out.querySelector('#intake-heading') as HTMLElement).focus();
}

/** A person already on record: open a new case, then screen and log the contact on it. */
export function newCaseSection(person: Person, ctx: { channel?: Channel; from?: string }) {
  const key = newKey();
  const form = h('form', { id: 'new-case-form', novalidate: true });
  form.append(...caseFields('new-case'), button('Open the case', { id: 'open-case-button', variant: 'secondary' }));
  onSubmit(form, async (v) => {
    const errors = caseErrors(v);
    if (errors.length) throw new FormError(errors);
    const kase = await post<Case>('/cases', { serviceUserId: person.id, type: str(v.type), subject: str(v.subject) }, key).catch(worded);
    flash(`Case ${kase.reference} opened`, 'It is chosen below: screen and log the contact on it.');
    go(`#/desk?person=${q(person.id)}&case=${q(kase.id)}${ctx.channel ? `&channel=${ctx.channel}` : ''}${ctx.from ? `&from=${q(ctx.from)}` : ''}`);
  });
  const d = details('Open a new case for them', form);
  d.id = 'new-case';
  return d;
}

/** An incident from the desk: choose their case, then log it on the case's incident form. */
export function incidentSection(cases: Case[]) {
  const form = h('form', { id: 'desk-incident-form', novalidate: true });
  if (!cases.length) return details('Log an incident', insetText('They have no case yet. Open one first, then log the incident on it.'));
  form.append(
    // A select, not radios: the screening form above already lists the cases as radios.
    select({ name: 'caseId', id: 'incident-case', label: 'Which case is it about?', labelSize: 's', options: [{ value: '', text: 'Choose a case' }, ...cases.map((c) => ({ value: c.id, text: `${c.reference} (${c.status === 'OPEN' ? 'open' : 'concluded'}): ${c.subject}` }))], value: cases.length === 1 ? cases[0]?.id : '' }),
    button('Continue to the incident form', { id: 'incident-continue', variant: 'secondary' }),
  );
  onSubmit(form, async (v) => {
    const caseId = str(v.caseId);
    if (!caseId) throw new FormError([{ path: 'caseId', message: 'Choose the case the incident is about' }]);
    go(`#/cases/${q(caseId)}?log=incident`);
  });
  const d = details('Log an incident', form);
  d.id = 'desk-incident';
  return d;
}
