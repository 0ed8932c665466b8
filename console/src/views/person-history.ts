/**
 * A person's change history (who changed which details, and when; every
 * subject-access export) and the export itself, for the roles that may download it.
 */
import { get, q, download, type Page } from '../api.js';
import { hasRole } from '../auth.js';
import { h } from '../dom.js';
import { button, h2, link, p } from '../govuk.js';
import { onSubmit } from '../forms.js';
import { formatDateTime, PERSON_FIELD_WORDS, ukToday } from '../labels.js';
import { flash, go } from '../shell.js';
import type { AccessLogEntry, Export, PersonRecord } from '../types.js';

const FIELDS = PERSON_FIELD_WORDS;

/** A field name in words: known ones as the form names them, others split from camelCase. */
export const fieldWords = (f: string) => FIELDS[f] ?? f.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function listWords(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function what(e: NonNullable<PersonRecord['history']>[number]): string {
  if (e.action === 'EXPORTED') return 'Subject-access export downloaded';
  if (e.action === 'REPRESENTATIVE_ADDED') return 'Representative added, with their consent';
  if (e.action === 'REPRESENTATIVE_ENDED') return 'Representative ended';
  if (e.action === 'LEGAL_HOLD_SET') return 'Legal hold put on the records';
  if (e.action === 'LEGAL_HOLD_LIFTED') return 'Legal hold lifted';
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
          h('tbody', { class: 'govuk-table__body' }, entries.map((e) => h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', 'data-label': 'When' }, formatDateTime(e.at)), h('td', { class: 'govuk-table__cell', 'data-label': 'Who' }, e.actor?.name ?? ''), h('td', { class: 'govuk-table__cell', 'data-label': 'What' }, what(e))))),
        )
      : p('No changes since they were added.'),
    person.historyTruncated ? p('These are the newest changes. The subject-access export lists every one.') : null,
  ];
}

/** What a read was of, in words, from its route (`GET /cases/<id>/timeline`). */
const READ_WORDS: [RegExp, string][] = [
  [/^GET \/service-users\/[^/]+$/, 'Their details'],
  [/^GET \/service-users\/[^/]+\/cases$/, 'Their cases'],
  [/^GET \/service-users\/[^/]+\/strategies$/, 'Their contact strategies'],
  [/^GET \/service-users\/[^/]+\/letters$/, 'Their letters'],
  [/^GET \/service-users\/[^/]+\/contacts$/, 'Their contacts'],
  [/^GET \/service-users\/[^/]+\/warnings$/, 'Their warnings'],
  [/^GET \/service-users\/[^/]+\/representatives$/, 'Their representatives'],
  [/^GET \/service-users\/[^/]+\/export$/, 'The subject-access export'],
  [/^GET \/service-users\/[^/]+\/access-log$/, 'This list of who read their record'],
  [/^GET \/cases\/[^/]+$/, 'A case'],
  [/^GET \/cases\/[^/]+\/timeline$/, 'A case timeline'],
  [/^GET \/cases\/[^/]+\/contacts$/, 'The contacts of a case'],
  [/^GET \/cases\/[^/]+\/incidents$/, 'The incidents of a case'],
  [/^GET \/incidents\/[^/]+$/, 'An incident'],
  [/^GET \/strategies\/[^/]+$/, 'A contact strategy'],
  [/^GET \/strategies\/[^/]+\/letter$/, 'The letter a contact strategy would send'],
  [/^GET \/strategies\/[^/]+\/breaches$/, 'The breaches of a contact strategy'],
  [/^GET \/strategies\/[^/]+\/appeals$/, 'The appeals against a contact strategy'],
  [/^GET \/breaches\/[^/]+$/, 'A breach'],
  [/^GET \/appeals\/[^/]+$/, 'An appeal'],
  [/^GET \/letters\/[^/]+$/, 'A letter'],
  [/^GET \/letters\/[^/]+\/pdf$/, 'The printed copy of a letter'],
];
export const readWords = (route: string) => READ_WORDS.find(([re]) => re.test(route))?.[1] ?? route;

/** Who read their record, newest first (the Statutory Operations Manager and the auditor only). */
export function accessLogSection(entries: AccessLogEntry[] | null) {
  if (!entries) return null;
  return [
    h2('Who read their record', { id: 'access-log' }),
    p('Every time anyone opened their record, newest first (the latest 20). Opening this page is recorded too.'),
    h(
      'table',
      { class: 'govuk-table', id: 'access-log-table' },
      h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Who read their record, newest first'),
      h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, ['When', 'Who', 'What they read'].map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
      h('tbody', { class: 'govuk-table__body' }, entries.map((e) => h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', 'data-label': 'When' }, formatDateTime(e.at)), h('td', { class: 'govuk-table__cell', 'data-label': 'Who' }, e.actor?.name ?? ''), h('td', { class: 'govuk-table__cell', 'data-label': 'What they read' }, readWords(e.route))))),
    ),
  ];
}

/** The newest reads of the person's record, for the roles that may see them; `null` for everyone else. */
export async function accessLogOf(personId: string): Promise<AccessLogEntry[] | null> {
  if (!hasRole('statutory-operations-manager', 'auditor')) return null;
  return (await get<Page<AccessLogEntry>>(`/service-users/${q(personId)}/access-log?limit=20`)).items;
}

/** Subject access: the Statutory Operations Manager and the auditor may download the export (a JSON file). */
export function exportSection(person: PersonRecord) {
  if (!hasRole('statutory-operations-manager', 'auditor')) return null;
  const form = h('form', { id: 'export-form' });
  form.append(button('Download the subject-access export', { variant: 'secondary', id: 'export-button' }));
  onSubmit(form, async () => {
    const data = await get<Export>(`/service-users/${q(person.id)}/export`);
    download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `subject-access-export-${ukToday()}.json`);
    flash('Subject-access export downloaded', 'The download is recorded on their change history.');
    go(`#/people/${q(person.id)}`);
  });
  return [
    h2('Subject access', { id: 'subject-access' }),
    p('Everything on record about them that the law lets us release. Staff welfare notes, police references and staff contact details are left out, and the export says why. Each export, opened or downloaded, is recorded.'),
    p(link(`#/people/${q(person.id)}/export`, 'Open the document to send them'), ' (in words, ready to print), or download the file for the record (JSON).'),
    form,
  ];
}
