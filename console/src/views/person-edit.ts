/**
 * Changing a person's details (`#/people/{id}?edit=details`): a PATCH under the
 * version read (If-Match). When someone else changed the person meanwhile (412),
 * the screen says so, shows what is on record now and keeps what was typed, so the
 * change can be checked and saved again.
 */
import { ApiError, get, patch, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h, str } from '../dom.js';
import { backLink, button, buttonGroup, heading, link, notificationBanner, p, summaryList, tag, textarea, textInput, type FieldError } from '../govuk.js';
import { FormError, onSubmit } from '../forms.js';
import { formatDateTime } from '../labels.js';
import { flash, go } from '../shell.js';
import type { Person } from '../types.js';
import { fieldWords } from './person-history.js';

/** The person as `GET /service-users/{id}` answers: with who changed them, their history and flags. */
import type { PersonRecord } from '../types.js';
export type { PersonRecord };

/** The details as a summary list's rows (name, email, phone, postal address). */
export function detailsRows(person: Person): [string, Node | string][] {
  const lines = (xs: string[]) => (xs.length ? h('ul', { class: 'govuk-list' }, xs.map((x) => h('li', null, x))) : 'None');
  return [
    ['Name', person.name],
    ['Email', lines(person.emails)],
    ['Phone', lines(person.phones)],
    [
      'Postal address',
      person.postalAddress
        ? h(
            'span',
            null,
            ...person.postalAddress.lines.flatMap((l) => [l, h('br')]),
            person.postalAddress.postcode,
            // Shown as a bounced email is: letters are not posted there until the address is changed.
            person.postalAddressUndeliverable ? h('span', null, h('br'), tag('Letters came back', 'red'), ' Nothing is posted here until the address is changed.') : null,
          )
        : 'None',
    ],
  ];
}

/** Field names in the API's errors, in the words the form uses. */
const FIELD_WORDS: Record<string, string> = {
  name: 'Name',
  emails: 'Email address',
  phones: 'Phone number',
  'postalAddress.lines': 'Address',
  'postalAddress.postcode': 'Postcode',
  postalAddress: 'Postal address',
  additionalNeeds: 'Additional needs',
  type: 'Case type',
  subject: 'What the case is about',
  summary: 'What they want',
};

/** The API's field errors in plain words ("Email address 2 must be an email address"). */
export function inWords(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const path = e.path.replace(/^body\./, '');
    const m = /^(emails|phones)\.(\d+)/.exec(path);
    const base = m ? `${FIELD_WORDS[m[1] as string]} ${Number(m[2]) + 1}` : (FIELD_WORDS[path] ?? FIELD_WORDS[path.replace(/\.\d+$/, '')] ?? FIELD_WORDS[path.split('.')[0] ?? ''] ?? 'This');
    const message = /^[A-Z]/.test(e.message) ? e.message : `${base} ${e.message}`;
    return { path, message };
  });
}

/** Rethrows an API refusal with its field errors in words. */
export function worded(err: unknown): never {
  if (err instanceof ApiError && err.problem.errors.length) throw new FormError(inWords(err.problem.errors));
  throw err;
}

export const splitLines = (s: string) => s.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean);

/** The address fields (GOV.UK address pattern): lines 1 and 2, town, postcode. */
export function addressFields(address?: { lines: string[]; postcode: string }) {
  const [first = '', ...rest] = address?.lines ?? [];
  const town = rest.length ? (rest[rest.length - 1] as string) : '';
  const middle = rest.slice(0, -1).join(', ');
  return h(
    'fieldset',
    { class: 'govuk-fieldset' },
    h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Postal address'),
    h('div', { class: 'govuk-hint' }, 'Optional. Letters are posted here.'),
    textInput({ name: 'addressLine1', path: 'postalAddress.lines', label: 'Address line 1', autocomplete: 'address-line1', value: first }),
    textInput({ name: 'addressLine2', label: 'Address line 2 (optional)', autocomplete: 'address-line2', value: middle }),
    textInput({ name: 'addressTown', label: 'Town or city', autocomplete: 'address-level2', width: '20', value: town }),
    textInput({ name: 'postcode', path: 'postalAddress.postcode', label: 'Postcode', autocomplete: 'postal-code', width: '10', value: address?.postcode ?? '' }),
  );
}

/** The postal address the address fields hold: undefined when all are blank. */
export function addressFrom(v: Record<string, string | string[]>): { lines: string[]; postcode: string } | undefined {
  const lines = [str(v.addressLine1), str(v.addressLine2), str(v.addressTown)].filter(Boolean);
  const postcode = str(v.postcode);
  return lines.length || postcode ? { lines, postcode } : undefined;
}

/** Each field the API knows, and the form inputs that hold it. */
const GROUPS: Record<string, string[]> = {
  name: ['name'],
  emails: ['emails'],
  phones: ['phones'],
  postalAddress: ['addressLine1', 'addressLine2', 'addressTown', 'postcode'],
  additionalNeeds: ['additionalNeeds'],
};

/** What the form shows for a person, input by input. */
function formValuesOf(person: Person): Record<string, string> {
  const [first = '', ...rest] = person.postalAddress?.lines ?? [];
  return {
    name: person.name,
    emails: person.emails.join('\n'),
    phones: person.phones.join('\n'),
    addressLine1: first,
    addressLine2: rest.slice(0, -1).join(', '),
    addressTown: rest.length ? (rest[rest.length - 1] as string) : '',
    postcode: person.postalAddress?.postcode ?? '',
    additionalNeeds: person.additionalNeeds ?? '',
  };
}

export async function editDetails(main: HTMLElement, id: string): Promise<string> {
  const person = await get<PersonRecord>(`/service-users/${q(id)}`);
  const back = `#/people/${q(id)}`;
  if (!mayRecord()) {
    main.append(backLink(back, `Back to ${person.name}`), heading('Change details', person.name), p('Your role can read this record but not change it.'));
    return `Change details: ${person.name}`;
  }
  // What the form was filled from: only the fields changed from it are sent, so a
  // save after a conflict never undoes someone else's change to another field.
  let base = { version: person.version, values: formValuesOf(person), had: person };
  const conflict = h('div', { id: 'conflict-box' });
  const form = h('form', { id: 'details-form', novalidate: true });
  form.append(
    textInput({ name: 'name', label: 'Full name', autocomplete: 'off', spellcheck: false, value: person.name }),
    textarea({ name: 'emails', label: 'Email addresses', hint: 'One on each line. Screening uses these to recognise them.', rows: 2, value: person.emails.join('\n') }),
    textarea({ name: 'phones', label: 'Phone numbers', hint: 'One on each line.', rows: 2, value: person.phones.join('\n') }),
    addressFields(person.postalAddress),
    textarea({ name: 'additionalNeeds', label: 'Additional needs', hint: 'Optional. Any needs that call for tailored support (policy 1.4).', rows: 3, value: person.additionalNeeds ?? '' }),
    buttonGroup(button('Save changes', { id: 'save-details' }), link(back, 'Cancel')),
  );
  onSubmit(form, async (v) => {
    const changed = (field: string) => (GROUPS[field] ?? []).some((k) => String(v[k] ?? '').trim() !== (base.values[k] ?? '').trim());
    const address = addressFrom(v);
    const needs = str(v.additionalNeeds);
    const body: Record<string, unknown> = {};
    if (changed('name')) body.name = str(v.name);
    if (changed('emails')) body.emails = splitLines(String(v.emails ?? ''));
    if (changed('phones')) body.phones = splitLines(String(v.phones ?? ''));
    if (changed('postalAddress')) body.postalAddress = address ?? null;
    if (changed('additionalNeeds')) body.additionalNeeds = needs || null;
    if (!str(v.name)) throw new FormError([{ path: 'name', message: 'Enter their full name' }]);
    if (!Object.keys(body).length) {
      flash('Nothing to save', 'You did not change any of their details.');
      return go(back);
    }
    try {
      await patch(`/service-users/${q(id)}`, body, base.version);
    } catch (err) {
      if (err instanceof ApiError && err.problem.status === 412) {
        const now = await get<PersonRecord>(`/service-users/${q(id)}`);
        // Fields they did not touch now show what is on record; theirs are kept.
        const fresh = formValuesOf(now);
        for (const [field, inputs] of Object.entries(GROUPS)) {
          if (changed(field)) continue;
          for (const k of inputs) {
            const el = form.elements.namedItem(k) as HTMLInputElement | HTMLTextAreaElement | null;
            if (el) el.value = fresh[k] ?? '';
          }
        }
        base = { version: now.version, values: fresh, had: now };
        showConflict(conflict, now, Object.keys(body));
        return;
      }
      worded(err);
    }
    flash('Details saved', 'The change is on their history, and on the timeline of each open case.');
    go(back);
  });
  main.append(backLink(back, `Back to ${person.name}`), heading('Change details', person.name), conflict, form);
  return `Change details: ${person.name}`;
}

/** Someone else saved first: what is on record now, and what to do. */
function showConflict(box: HTMLElement, now: PersonRecord, yours: string[]) {
  box.replaceChildren(
    notificationBanner({
      id: 'conflict',
      role: 'alert',
      title: 'Not saved',
      heading: 'Someone else changed this person while you were editing',
      body: [
        p(`Your changes have not been saved. Here is what is on record now${now.updatedBy ? `, as ${now.updatedBy.name} left it` : ''}${now.updatedAt ? ` at ${formatDateTime(now.updatedAt)}` : ''}.`),
        summaryList([...detailsRows(now), ['Additional needs', now.additionalNeeds ?? 'None']]),
        p(`The form below now shows the record, with your changes to ${yours.map(fieldWords).join(', ')} kept. Check them against the record, then save again.`),
      ],
    }),
  );
  (box.querySelector('#conflict') as HTMLElement).focus();
}
