/**
 * The person page's "Representatives" section: who acts for the person with their
 * consent (an MP, a solicitor, an advocate, family), whether they are sent a copy of
 * every letter, and ending one when the person withdraws consent. A contact from a
 * representative is never restricted by the person's contact strategy.
 */
import { del, get, newKey, post, q, type Page } from '../api.js';
import { mayRecord } from '../auth.js';
import { h, list, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, checkboxes, details, h2, hidden, insetText, p, radios, table, tag, textInput } from '../govuk.js';
import { formatDate, formatDateTime } from '../labels.js';
import { flash, go } from '../shell.js';
import { REPRESENTATIVE_KINDS, REPRESENTATIVE_KIND_WORDS, representativeWords } from '../../../lib/domain/representatives.js';
import type { Representative } from '../types.js';

const KIND_TEXT: Record<string, string> = { MP: 'MP', SOLICITOR: 'Solicitor', ADVOCATE: 'Advocate', FAMILY: 'Family member', OTHER: 'Someone else' };

export const representativesOf = (personId: string) => get<Page<Representative>>(`/service-users/${q(personId)}/representatives`).then((r) => r.items);

function reachedBy(r: Representative): string {
  const ways = [...r.emails, ...r.phones, ...(r.postalAddress ? [[...r.postalAddress.lines, r.postalAddress.postcode].join(', ')] : [])];
  return ways.join('; ') || 'None';
}

function status(r: Representative) {
  if (r.status === 'ACTIVE') return tag('Acting', 'green');
  return h('span', null, tag('Ended', 'grey'), ` ${formatDate(r.ended?.at)}${r.ended?.reason === 'CONSENT_WITHDRAWN' ? ', consent withdrawn' : ''}`);
}

function endButton(personId: string, r: Representative) {
  const end = button('End', {
    variant: 'secondary',
    type: 'button',
    id: `end-representative-${r.id}`,
    onClick: async () => {
      await del(`/service-users/${q(personId)}/representatives/${q(r.id)}?reason=CONSENT_WITHDRAWN`);
      flash(`${representativeWords(r)} no longer represents them: consent withdrawn`);
      go(`#/people/${q(personId)}`);
    },
  });
  end.append(hidden(` ${r.name}: consent withdrawn`));
  return end;
}

function addForm(personId: string) {
  const key = newKey();
  const form = h(
    'form',
    { id: 'representative-form' },
    textInput({ name: 'name', label: 'Name', autocomplete: 'off' }),
    radios({ name: 'kind', legend: 'Who are they?', legendSize: 's', idPrefix: 'representative-kind', items: REPRESENTATIVE_KINDS.map((k) => ({ value: k, text: KIND_TEXT[k] ?? REPRESENTATIVE_KIND_WORDS[k] })) }),
    textInput({ name: 'email', path: 'emails[0]', label: 'Email address (optional)', type: 'email', autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'phone', path: 'phones[0]', label: 'Phone number (optional)', type: 'tel', autocomplete: 'off', width: '20' }),
    textInput({ name: 'consentHow', path: 'consent.how', label: 'How did the person give their consent?', hint: 'For example: signed consent form, or by phone to the caseworker' }),
    checkboxes({ name: 'copyLetters', legend: 'Letters', legendSize: 's', idPrefix: 'copy-letters', items: [{ value: 'yes', text: 'Send them a copy of every letter to the person', hint: 'By email and by post, marked as a copy.' }] }),
    button('Add representative', { id: 'add-representative' }),
  );
  onSubmit(form, async (v) => {
    const name = str(v.name);
    const kind = str(v.kind);
    const how = str(v.consentHow);
    const errors = [
      ...(name ? [] : [{ path: 'name', message: 'Enter their name' }]),
      ...(kind ? [] : [{ path: 'kind', message: 'Choose who they are' }]),
      ...(how ? [] : [{ path: 'consent.how', message: 'Say how the person gave their consent' }]),
    ];
    if (errors.length) throw new FormError(errors);
    const email = str(v.email);
    const phone = str(v.phone);
    await post(
      `/service-users/${q(personId)}/representatives`,
      { name, kind, emails: email ? [email] : [], phones: phone ? [phone] : [], consent: { recordedAt: new Date().toISOString(), how }, copyLetters: list(v.copyLetters).includes('yes') },
      key,
    );
    flash(`${name} added as a representative`);
    go(`#/people/${q(personId)}`);
  });
  return form;
}

export function representativesSection(personId: string, reps: Representative[]) {
  return [
    h2('Representatives', { id: 'representatives' }),
    insetText('Someone who acts for the person with their consent. A contact strategy never restricts their representative.'),
    reps.length
      ? table({
          caption: 'Representatives, with the consent the person gave',
          captionSize: 's',
          head: ['Name', 'Contact', 'Consent', 'Copies of letters', 'Status', 'Action'],
          rows: reps.map((r) => [
            representativeWords(r),
            reachedBy(r),
            `${r.consent.how} (${formatDateTime(r.consent.recordedAt)})`,
            r.copyLetters ? 'Yes' : 'No',
            status(r),
            r.status === 'ACTIVE' && mayRecord() ? endButton(personId, r) : '',
          ]),
        })
      : p('None recorded.'),
    mayRecord() ? details('Add a representative', addForm(personId)) : null,
  ];
}
