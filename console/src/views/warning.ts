import { get, newKey, post, q, type Page } from '../api.js';
import { mayRecord } from '../auth.js';
import { h, list, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, checkboxes, details, h2, p, table, textarea, warningText } from '../govuk.js';
import { BEHAVIOURS, formatDateTime } from '../labels.js';
import { flash, go } from '../shell.js';
import type { Case, Warning } from '../types.js';

const wordingOf = (code: string) => BEHAVIOURS.find((b) => b.code === code)?.wording ?? code;

/** The person's warnings, newest first (empty when they cannot be read). */
export async function warningsOf(personId: string): Promise<Warning[]> {
  return (await get<Page<Warning>>(`/service-users/${q(personId)}/warnings?limit=100`).catch(() => ({ items: [] as Warning[] }))).items;
}

/** The warnings already sent, as a table. */
export function warningsTable(warnings: Warning[], refOf: (caseId: string) => string) {
  if (!warnings.length) return p('No warning has been sent.');
  return table({
    caption: 'Warnings sent',
    captionSize: 's',
    head: ['Sent', 'Cases', 'Behaviour', 'Sent by'],
    rows: warnings.map((w) => [formatDateTime(w.sentAt), w.caseIds.map(refOf).join(', '), h('ul', { class: 'govuk-list govuk-list--bullet' }, w.behaviours.map((b) => h('li', null, wordingOf(b)))), w.sentBy.name]),
  });
}

/**
 * The person page's "Warnings" section and its "Send a warning" form: a WARNING
 * letter by email and post, before any restriction (the model policies: tell the person first).
 */
export function warningSection(person: { id: string }, cases: Case[], warnings: Warning[]) {
  const refOf = (id: string) => cases.find((c) => c.id === id)?.reference ?? 'another case';
  const key = newKey();
  const form = h(
    'form',
    { id: 'warning-form' },
    checkboxes({ name: 'caseIds', path: 'caseIds', legend: 'Which cases is it about?', legendSize: 's', idPrefix: 'warning-case', items: cases.map((c) => ({ value: c.id, text: `${c.reference}: ${c.subject}` })) }),
    checkboxes({ name: 'behaviours', path: 'behaviours', legend: 'What behaviour is unacceptable?', legendSize: 's', hint: 'The letter names each in the words of the policy.', idPrefix: 'warning-behaviour', small: true, items: BEHAVIOURS.map((b) => ({ value: b.code, text: b.wording })) }),
    textarea({ name: 'explanation', id: 'warning-explanation', path: 'explanation', label: 'Why: what they did, in plain words for the letter', rows: 4 }),
    warningText('The letter goes to the person by email and by post (each they have), says a contact strategy may follow, and that their right to complain and right of review are not affected.'),
    button('Send the warning', { id: 'send-warning' }),
  );
  onSubmit(form, async (v) => {
    const caseIds = list(v.caseIds);
    const behaviours = list(v.behaviours);
    const explanation = str(v.explanation);
    const errors = [];
    if (!caseIds.length) errors.push({ path: 'caseIds', message: 'Select at least one case' });
    if (!behaviours.length) errors.push({ path: 'behaviours', message: 'Select at least one behaviour' });
    if (!explanation) errors.push({ path: 'explanation', message: 'Say why, in plain words for the letter' });
    if (errors.length) throw new FormError(errors);
    await post(`/service-users/${q(person.id)}/warnings`, { caseIds, behaviours, explanation }, key);
    flash('Warning sent', 'The letter is on its way by email and by post.');
    go(`#/people/${q(person.id)}`);
  });
  return [h2('Warnings', { id: 'warnings' }), warningsTable(warnings, refOf), mayRecord() && cases.length ? details('Send a warning', form) : null];
}

/** The factors step: the warnings already sent, and the rule when there are none (policy 1.4, told why). */
export function warningsForFactors(warnings: Warning[], cases: Case[]) {
  const refOf = (id: string) => cases.find((c) => c.id === id)?.reference ?? 'another case';
  return h(
    'div',
    { id: 'warnings-sent' },
    warningsTable(warnings, refOf),
    warnings.length ? null : p('No warning letter has been sent. If you answer Yes to "Has the person been told that their behaviour is unacceptable, and why?", say in its notes how they were told (unless an incident records a warning given).'),
  );
}
