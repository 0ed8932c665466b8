import { patch, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h, list, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, checkboxes, details, h2, insetText, p, radios, summaryList, textarea } from '../govuk.js';
import { CHANNELS, channelName } from '../labels.js';
import { flash, go } from '../shell.js';
import type { Adjustments } from '../types.js';

const FORMATS = [
  { value: 'STANDARD', text: 'Standard print' },
  { value: 'LARGE_PRINT', text: 'Large print', hint: 'Posted letters are printed with text of at least 16 point. Emails are unchanged.' },
];

/** The adjustments in words, for the person page and wherever restrictions are chosen. */
export function adjustmentsSummary(a: Adjustments | undefined) {
  if (!a || (!a.channels?.length && (a.format ?? 'STANDARD') === 'STANDARD' && !a.notes)) return p('None recorded.');
  return summaryList([
    ['Channels they need', a.channels?.length ? a.channels.map(channelName).join(', ') : 'None'],
    ['Letters', a.format === 'LARGE_PRINT' ? 'Large print' : 'Standard print'],
    ['Notes', a.notes || 'None'],
  ]);
}

/**
 * The person page's "Reasonable adjustments" section, with its own edit form: no
 * restriction may take away a channel named here (the API refuses it).
 */
export function adjustmentsSection(person: { id: string; version: number; adjustments?: Adjustments }) {
  const a = person.adjustments ?? {};
  const form = h(
    'form',
    { id: 'adjustments-form' },
    checkboxes({
      name: 'channels',
      path: 'adjustments.channels',
      legend: 'Which ways of contact do they need because of a disability or other need?',
      legendSize: 's',
      hint: 'A contact strategy may not take these away.',
      idPrefix: 'adjustment-channel',
      items: CHANNELS.map((c) => ({ value: c.value, text: c.text, checked: a.channels?.includes(c.value) ?? false })),
    }),
    radios({ name: 'format', path: 'adjustments.format', legend: 'How should their letters be printed?', legendSize: 's', idPrefix: 'adjustment-format', items: FORMATS.map((f) => ({ ...f, checked: (a.format ?? 'STANDARD') === f.value })) }),
    textarea({ name: 'notes', id: 'adjustment-notes', path: 'adjustments.notes', label: 'Notes (optional)', rows: 2, value: a.notes }),
    button('Save adjustments', { id: 'save-adjustments' }),
  );
  onSubmit(form, async (v) => {
    const format = str(v.format);
    if (format !== 'STANDARD' && format !== 'LARGE_PRINT') throw new FormError([{ path: 'adjustments.format', message: 'Choose how their letters should be printed' }]);
    const notes = str(v.notes);
    await patch(`/service-users/${q(person.id)}`, { adjustments: { channels: list(v.channels), format, ...(notes ? { notes } : {}) } }, person.version);
    flash('Reasonable adjustments saved');
    go(`#/people/${q(person.id)}`);
  });
  return [
    h2('Reasonable adjustments', { id: 'adjustments' }),
    insetText('Equality Act 2010: the channels a person needs, and the format of their letters.'),
    adjustmentsSummary(person.adjustments),
    mayRecord() ? details('Change reasonable adjustments', form) : null,
  ];
}

/** Shown wherever restrictions are chosen: the adjustments no restriction may take away (nothing when there are none). */
export function adjustmentsReminder(person: { adjustments?: Adjustments }) {
  const a = person.adjustments;
  if (!a?.channels?.length && a?.format !== 'LARGE_PRINT') return null;
  return insetText(
    h('strong', null, 'Reasonable adjustments: '),
    a.channels?.length ? `they need contact by ${a.channels.map((c) => channelName(c).toLowerCase()).join(', ')}; a restriction may not take that away. ` : '',
    a.format === 'LARGE_PRINT' ? 'Their letters are posted in large print.' : '',
  );
}
