/**
 * The single point of contact: "My strategies" (the strategies in force whose single
 * point of contact, or cover today, is the signed-in member of staff), and on the
 * strategy page who it is, who covers, and the handover and cover forms.
 */
import { get, getAll, post, q } from '../api.js';
import { mayDecide, mayRecord, session } from '../auth.js';
import { add, h, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, dateFrom, dateInput, h2, heading, hidden, insetText, link, p, summaryList, table, textarea, textInput } from '../govuk.js';
import { formatDate, ukToday } from '../labels.js';
import { flash, go, type View } from '../shell.js';
import type { Person, Strategy } from '../types.js';
import { statusTag } from './person.js';

type Spoc = Extract<Strategy['restrictions'][number], { type: 'SINGLE_POINT_OF_CONTACT' }>;
const spocOf = (s: Strategy) => s.restrictions.find((r): r is Spoc => r.type === 'SINGLE_POINT_OF_CONTACT');
const coverToday = (s: Strategy, today: string) => (s.spocCover && s.spocCover.from <= today && today <= s.spocCover.until ? s.spocCover : undefined);

const view: View = async ({ main }) => {
  const me = session();
  const today = ukToday();
  const mine = await getAll<Strategy>(`/strategies?spoc=${q(me?.sub ?? '')}`);
  const people = new Map((await Promise.all([...new Set(mine.map((s) => s.serviceUserId))].map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  add(
    main,
    heading('My strategies'),
    p('The contact strategies in force for which you are the single point of contact, or are covering for them today. Contacts from these people are passed to you.'),
    mine.length
      ? table({
          caption: 'Strategies, earliest review first',
          captionSize: 's',
          head: ['Person', 'Status', 'Your part', 'Review date'],
          rows: [...mine]
            .sort((a, b) => (a.reviewDate ?? '').localeCompare(b.reviewDate ?? ''))
            .map((s) => {
              const cover = coverToday(s, today);
              const covering = cover?.staffId === me?.sub && spocOf(s)?.staffId !== me?.sub;
              return [
                link(`#/strategies/${q(s.id)}`, people.get(s.serviceUserId)?.name ?? 'Unnamed person', hidden(' (view strategy)')),
                statusTag(s.status),
                covering && cover ? `Covering for ${spocOf(s)?.staffName ?? 'the single point of contact'} until ${formatDate(cover.until)}` : 'Single point of contact',
                formatDate(s.reviewDate),
              ];
            }),
        })
      : p('You are not the single point of contact for any strategy in force, and are not covering for anyone today.'),
  );
  return 'My strategies';
};
export default view;

/** On the strategy page: who the single point of contact is, any cover, and the forms to hand over or name cover. */
export function spocSection(s: Strategy, here: string): HTMLElement | null {
  const spoc = spocOf(s);
  if (!spoc) return null;
  const inForce = s.status === 'ACTIVE' || s.status === 'REVIEW_DUE';
  const cover = s.spocCover && s.spocCover.until >= ukToday() ? s.spocCover : undefined;
  const box = h('div', { id: 'spoc' });
  add(
    box,
    h2('Single point of contact'),
    summaryList([
      ['Single point of contact', spoc.staffName],
      ['Cover', cover ? `${cover.staffName}, from ${formatDate(cover.from)} to ${formatDate(cover.until)}` : 'None'],
    ]),
  );
  if (!inForce) return box;
  if (mayDecide()) box.append(handoverForm(s, here));
  if (mayRecord()) box.append(coverForm(s, here));
  return box;
}

const staffFields = (prefix: string) => [
  textInput({ name: `${prefix}staffName`, id: `${prefix}staff-name`, path: 'staffName', label: 'Name', autocomplete: 'off' }),
  textInput({ name: `${prefix}staffId`, id: `${prefix}staff-id`, path: 'staffId', label: 'Staff id', hint: `The id they sign in with (yours is ${session()?.sub ?? 'shown when you sign in'}).`, width: '20', autocomplete: 'off', spellcheck: false }),
];

function staffErrors(v: Record<string, string | string[]>, prefix: string) {
  const errors = [];
  if (!str(v[`${prefix}staffName`])) errors.push({ path: 'staffName', message: 'Enter their name' });
  if (!str(v[`${prefix}staffId`])) errors.push({ path: 'staffId', message: 'Enter their staff id' });
  return errors;
}

/** The Statutory Operations Manager hands the SPOC to someone else; the person is told by email and post. */
function handoverForm(s: Strategy, here: string): HTMLElement {
  const form = h('form', { id: 'spoc-handover-form', class: 'app-decision-form' });
  form.append(
    h('h3', { class: 'govuk-heading-s' }, 'Hand over to someone else'),
    insetText('The person is sent a letter by email and by post naming their new single point of contact. The rest of the strategy stays as it is.'),
    ...staffFields('handover-'),
    textarea({ name: 'handover-reason', id: 'handover-reason', path: 'reason', label: 'Why is it changing?', rows: 2 }),
    button('Hand over', { id: 'hand-over' }),
  );
  onSubmit(form, async (v) => {
    const errors = staffErrors(v, 'handover-');
    if (!str(v['handover-reason'])) errors.push({ path: 'reason', message: 'Enter why it is changing' });
    if (errors.length) throw new FormError(errors);
    await post(`/strategies/${q(s.id)}/spoc`, { staffId: str(v['handover-staffId']), staffName: str(v['handover-staffName']), reason: str(v['handover-reason']) });
    flash('Single point of contact handed over', `${str(v['handover-staffName'])} is now the single point of contact. The letter telling the person is being sent by email and post.`);
    go(here);
  });
  return form;
}

/** Anyone who records names cover for an absence: no letter, contacts go to the cover while it lasts. */
function coverForm(s: Strategy, here: string): HTMLElement {
  const form = h('form', { id: 'spoc-cover-form', class: 'app-decision-form' });
  form.append(
    h('h3', { class: 'govuk-heading-s' }, 'Name cover for an absence'),
    p('While the cover lasts, screening passes contacts to the person covering. No letter is sent. Naming new cover replaces any cover before.'),
    ...staffFields('cover-'),
    dateInput({ name: 'cover-from', path: 'from', legend: 'First day of cover', legendSize: 's' }),
    dateInput({ name: 'cover-until', path: 'until', legend: 'Last day of cover', legendSize: 's' }),
    textarea({ name: 'cover-reason', id: 'cover-reason', path: 'reason', label: 'Why is cover needed?', hint: 'For example, annual leave.', rows: 2 }),
    button('Name cover', { id: 'name-cover', variant: 'secondary' }),
  );
  onSubmit(form, async (v) => {
    const errors = staffErrors(v, 'cover-');
    const from = dateFrom(v, 'cover-from');
    const until = dateFrom(v, 'cover-until');
    if (!from) errors.push({ path: 'from', message: 'Enter a real first day, for example 1 12 2026' });
    if (!until) errors.push({ path: 'until', message: 'Enter a real last day, for example 5 12 2026' });
    else if (from && until < from) errors.push({ path: 'until', message: 'The last day must be on or after the first day' });
    if (!str(v['cover-reason'])) errors.push({ path: 'reason', message: 'Enter why cover is needed' });
    if (errors.length) throw new FormError(errors);
    await post(`/strategies/${q(s.id)}/spoc-cover`, { staffId: str(v['cover-staffId']), staffName: str(v['cover-staffName']), from, until, reason: str(v['cover-reason']) });
    flash('Cover named', `${str(v['cover-staffName'])} covers from ${formatDate(from as string)} to ${formatDate(until as string)}.`);
    go(here);
  });
  return form;
}
