/**
 * The manager inbox's "Breaches awaiting legal advice" section (policy 1.6): a
 * decision sought legal or professional advice, and the breach waits until the
 * Statutory Operations Manager records what the advice said and the one action
 * taken on it, under the same rules as a decision's.
 */
import { mayDecideBreach } from '../../../lib/domain/approval.js';
import { get, getAll, newKey, post, q } from '../api.js';
import { mayDecide, session } from '../auth.js';
import { h, str } from '../dom.js';
import { button, dateFrom, dateInput, h2, link, p, radios, summaryList, textarea, textInput, warningText } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { formatDateTime, LEGAL_ADVICE_OUTCOMES } from '../labels.js';
import { readRestrictions, restrictionsEditor } from '../restrictions-editor.js';
import { flash, go } from '../shell.js';
import type { Breach, Case, Person, Strategy } from '../types.js';
import { chaseRows } from './chase-words.js';
import { adjustmentsReminder } from './person-adjustments.js';

/** The advice and its outcome; nobody records it for a breach they reported or of a strategy they proposed. */
export function legalAdviceForm(b: Breach, s: Strategy, cases: Case[], back: string, person?: Person): HTMLElement {
  const me = { sub: session()?.sub ?? '' };
  if (!mayDecideBreach({ proposedBy: { sub: s.proposedBy?.sub ?? '' } }, { reportedBy: { sub: b.reportedBy?.sub ?? '' } }, me)) {
    return h('div', { class: 'app-decision-form' }, warningText('You reported this breach or proposed this strategy, so another Statutory Operations Manager must record the advice.'));
  }
  const prefix = `advice-${b.id}-`;
  // One key for this form: a retry after a lost answer completes the letter instead of meeting a breach already past its advice.
  const key = newKey();
  const form = h('form', { class: 'app-decision-form legal-advice-form' });
  form.append(
    whenInput({ name: 'receivedAt', legend: 'When did the advice arrive?' }),
    textarea({ name: 'summary', id: `${prefix}summary`, label: 'What the advice said, in brief', rows: 3 }),
    radios({
      name: 'outcome',
      path: 'outcome',
      legend: 'What will you do on it? (policy 1.6)',
      legendSize: 's',
      idPrefix: `${prefix}outcome`,
      items: LEGAL_ADVICE_OUTCOMES.map((a) => ({
        ...a,
        conditional:
          a.value === 'ADJUST_STRATEGY'
            ? h('div', null, person ? adjustmentsReminder(person) : null, restrictionsEditor({ prefix: `${prefix}adj-`, cases, current: s.restrictions, legend: 'Adjusted restrictions' }), dateInput({ name: `${prefix}date`, path: 'nextReviewDate', legend: 'Next review date (optional)', legendSize: 's' }))
            : a.value === 'POLICE_REFERRAL'
              ? h('div', null, textInput({ name: 'policeReference', id: `${prefix}police-reference`, label: 'Police reference', width: '10' }), whenInput({ name: 'reportedAt', legend: 'When was it reported?' }))
              : undefined,
      })),
    }),
    textarea({ name: 'notes', id: `${prefix}notes`, label: 'Notes', rows: 3 }),
    button('Record the advice'),
  );
  onSubmit(form, async (v) => {
    const outcome = str(v.outcome);
    if (!outcome) throw new FormError([{ path: 'outcome', message: 'Choose what you will do on the advice' }]);
    const body: Record<string, unknown> = { receivedAt: whenFrom(v, 'receivedAt'), summary: str(v.summary), outcome, notes: str(v.notes) };
    if (outcome === 'ADJUST_STRATEGY') {
      body.restrictions = readRestrictions(v, `${prefix}adj-`);
      const next = dateFrom(v, `${prefix}date`);
      if (next) body.nextReviewDate = next;
    }
    if (outcome === 'POLICE_REFERRAL') {
      body.policeReference = str(v.policeReference);
      body.reportedAt = whenFrom(v, 'reportedAt');
    }
    await post(`/breaches/${q(b.id)}/legal-advice`, body, key);
    flash('Legal advice recorded', 'The breach is decided.');
    go(back);
  });
  return form;
}

/** The section's nodes: its heading, then a card per breach waiting for advice, oldest first. */
export async function legalAdviceSection(back: string): Promise<Node[]> {
  const breaches = await getAll<Breach>('/breaches?status=AWAITING_LEGAL_ADVICE').catch(() => [] as Breach[]);
  const strategies = new Map((await Promise.all([...new Set(breaches.map((b) => b.strategyId))].map((id) => get<Strategy>(`/strategies/${q(id)}`)))).map((s) => [s.id, s]));
  const personIds = [...new Set([...strategies.values()].map((s) => s.serviceUserId))];
  const people = new Map((await Promise.all(personIds.map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const casesOf = new Map(await Promise.all(personIds.map(async (id) => [id, await getAll<Case>(`/service-users/${q(id)}/cases`)] as const)));
  return [
    h2(`Breaches awaiting legal advice (${breaches.length})`, { id: 'legal-advice' }),
    breaches.length ? p('Record the advice when it arrives, and what you will do on it.') : p('None.'),
    ...breaches.map((b) => {
      const s = strategies.get(b.strategyId) as Strategy;
      const name = people.get(s.serviceUserId)?.name ?? 'Unknown person';
      return h(
        'div',
        { class: 'govuk-summary-card' },
        h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${name}: breach on ${formatDateTime(b.occurredAt)}`)),
        h(
          'div',
          { class: 'govuk-summary-card__content' },
          summaryList([
            ['What happened', b.description],
            ['Advice sought', `${b.decision?.decidedAt ? formatDateTime(b.decision.decidedAt) : ''}${b.decision?.decidedBy ? ` by ${b.decision.decidedBy.name}` : ''}`],
            ['Decision notes', b.decision?.notes ?? ''],
            ...chaseRows(b),
          ]),
          p(link(`#/strategies/${q(s.id)}`, 'Read the strategy')),
          mayDecide() ? legalAdviceForm(b, s, casesOf.get(s.serviceUserId) ?? [], back, people.get(s.serviceUserId)) : null,
        ),
      );
    }),
  ];
}
