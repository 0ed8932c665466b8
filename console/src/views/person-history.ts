/**
 * A person's change history (who changed which details, and when; every
 * subject-access export) and the export itself, for the roles that may download it.
 */
import { get, q, download } from '../api.js';
import { hasRole } from '../auth.js';
import { h } from '../dom.js';
import { button, h2, p } from '../govuk.js';
import { onSubmit } from '../forms.js';
import { formatDateTime, PERSON_FIELD_WORDS, ukToday } from '../labels.js';
import { flash, go } from '../shell.js';
import type { PersonRecord } from '../types.js';

const FIELDS = PERSON_FIELD_WORDS;

/** A field name in words: known ones as the form names them, others split from camelCase. */
export const fieldWords = (f: string) => FIELDS[f] ?? f.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function listWords(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function what(e: NonNullable<PersonRecord['history']>[number]): string {
  if (e.action === 'EXPORTED') return 'Subject-access export downloaded';
  if (e.action === 'UPDATED') return e.fields.length ? `Changed ${listWords(e.fields.map(fieldWords))}` : 'Details changed';
  return fieldWords(e.action).replace(/^./, (c) => c.toUpperCase());
}

/** Newest first: when, who, what. */
export function historySection(person: PersonRecord) {
  const entries = [...(person.history ?? [])].reverse();
  return [
    h2('Change history', { id: 'history' }),
    entries.length
      ? h(
          'table',
          { class: 'govuk-table', id: 'history-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Changes to their details, newest first'),
          h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, ['When', 'Who', 'What'].map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
          h('tbody', { class: 'govuk-table__body' }, entries.map((e) => h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell' }, formatDateTime(e.at)), h('td', { class: 'govuk-table__cell' }, e.actor?.name ?? ''), h('td', { class: 'govuk-table__cell' }, what(e))))),
        )
      : p('No changes since they were added.'),
  ];
}

/** Subject access: the Statutory Operations Manager and the auditor may download the export (a JSON file). */
export function exportSection(person: PersonRecord) {
  if (!hasRole('statutory-operations-manager', 'auditor')) return null;
  const form = h('form', { id: 'export-form' });
  form.append(button('Download the subject-access export', { variant: 'secondary', id: 'export-button' }));
  onSubmit(form, async () => {
    const data = await get<unknown>(`/service-users/${q(person.id)}/export`);
    download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `subject-access-export-${ukToday()}.json`);
    flash('Subject-access export downloaded', 'The download is recorded on their change history.');
    go(`#/people/${q(person.id)}`);
  });
  return [
    h2('Subject access', { id: 'subject-access' }),
    p('Everything on record about them that the law lets us release, as a file (JSON). Staff welfare notes, police references and staff contact details are left out, and the file says why. Each download is recorded.'),
    form,
  ];
}
