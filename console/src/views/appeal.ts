/**
 * Appeals against a contact strategy: the person asks for the decision to restrict
 * their contact to be looked at again by someone who took no part in it. Recorded
 * from the strategy page; decided by a Statutory Operations Manager or the Head of
 * Assurance who did not propose, edit, submit or decide the strategy (the manager
 * inbox lists the appeals waiting, see inbox-appeals.ts).
 */
import { mayDecideAppeal } from '../../../lib/domain/approval.js';
import { get, newKey, post, q, type Page } from '../api.js';
import { hasRole, mayRecord, session } from '../auth.js';
import { h, str } from '../dom.js';
import { backLink, button, dateFrom, dateInput, h2, heading, insetText, link, p, radios, summaryList, table, tag, textarea, warningText } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { formatDate, formatDateTime } from '../labels.js';
import { readRestrictions, restrictionsEditor } from '../restrictions-editor.js';
import { flash, go } from '../shell.js';
import type { Appeal, Case, Person, Strategy } from '../types.js';
import { chaseRows } from './chase-words.js';

/** Each outcome in staff's words. */
export const APPEAL_OUTCOME_WORDS: Record<string, string> = {
  UPHELD: 'Decision upheld',
  VARIED: 'Strategy varied',
  ENDED: 'Strategy ended',
};

const IN_FORCE = ['ACTIVE', 'REVIEW_DUE'];

/** Where an appeal stands, as a tag: waiting (red when overdue), or its outcome. */
export function appealStatusTag(a: Appeal): HTMLElement {
  if (a.status === 'DECIDED') return tag(APPEAL_OUTCOME_WORDS[a.decision?.outcome ?? ''] ?? 'Decided', 'green');
  return a.overdue ? tag('Overdue', 'red') : tag('Awaiting decision', 'yellow');
}

/** May the signed-in member of staff decide appeals of this strategy? A SOM or the Head of Assurance who took no part in it. */
export function mayDecideAppealOf(s: Strategy): boolean {
  const me = session();
  if (!me || !hasRole('statutory-operations-manager', 'head-of-assurance')) return false;
  const participation = {
    proposedBy: { sub: s.proposedBy?.sub ?? '' },
    ...(s.decidedBy ? { decidedBy: { sub: s.decidedBy.sub } } : {}),
    history: (s.history ?? []).map((e) => ({ event: (e as { event?: string }).event ?? '', actor: { sub: e.actor?.sub ?? '' } })),
  };
  return mayDecideAppeal(participation, { sub: me.sub });
}

/** The strategy page's section: its appeals, and the way to record one while it is in force. */
export function appealsSection(s: Strategy): HTMLElement {
  const box = h('div', { id: 'appeals' }, h2('Appeals'), p('Loading appeals…'));
  void get<Page<Appeal>>(`/strategies/${q(s.id)}/appeals?limit=100`)
    .then(({ items }) => {
      box.replaceChildren(
        h2('Appeals'),
        items.length
          ? table({
              head: ['Received', 'Grounds', 'Status', 'Decided'],
              rows: items.map((a) => [formatDateTime(a.receivedAt), a.grounds, appealStatusTag(a), a.decision ? `${formatDateTime(a.decision.decidedAt)} by ${a.decision.decidedBy.name}` : `Decide by ${formatDate(a.decisionDueBy)}`]),
            })
          : p('No appeals received.'),
        ...(mayRecord() && IN_FORCE.includes(s.status) ? [h('a', { href: `#/strategies/${q(s.id)}/appeal`, class: 'govuk-button govuk-button--secondary', role: 'button', draggable: 'false' }, 'Record an appeal')] : []),
      );
    })
    .catch(() => box.replaceChildren(h2('Appeals'), p('The appeals could not be loaded.')));
  return box;
}

/** `#/strategies/{id}/appeal`: record the person's appeal. */
export async function appealPage(main: HTMLElement, s: Strategy): Promise<string> {
  const person = await get<Person>(`/service-users/${q(s.serviceUserId)}`);
  const back = `#/strategies/${q(s.id)}`;
  if (!IN_FORCE.includes(s.status) || !mayRecord()) {
    main.append(backLink(back), heading('Record an appeal', person.name), p('An appeal can only be recorded against a strategy in force.'));
    return 'Record an appeal';
  }
  const key = newKey();
  const form = h('form', { id: 'appeal-form' });
  form.append(
    whenInput({ name: 'appealAt', legend: 'When did the appeal reach us?', path: 'receivedAt' }),
    textarea({ name: 'grounds', id: 'appeal-grounds', label: 'Why does the person say the decision is wrong?', hint: 'Their grounds, in their words where you can.', rows: 5 }),
    textarea({ name: 'lateReason', id: 'appeal-late-reason', label: 'If it came late: why is it accepted? (optional)', hint: 'Needed only when the appeal reached us after the last day the implementation letter gave.', rows: 3 }),
    button('Record appeal'),
  );
  onSubmit(form, async (v) => {
    const grounds = str(v.grounds);
    if (!grounds) throw new FormError([{ path: 'grounds', message: 'Enter the grounds of the appeal' }]);
    const lateReason = str(v.lateReason);
    await post(`/strategies/${q(s.id)}/appeals`, { receivedAt: whenFrom(v, 'appealAt', 'receivedAt'), grounds, ...(lateReason ? { lateReason } : {}) }, key);
    flash('Appeal recorded', 'The Statutory Operations Manager and the Head of Assurance have been told. Someone who took no part in the decision will decide it.');
    go(back);
  });
  main.append(
    backLink(back),
    heading('Record an appeal', person.name),
    insetText('The person may ask for the decision to restrict their contact to be looked at again by someone who took no part in it. The restrictions stay in force meanwhile.'),
    form,
  );
  return 'Record an appeal';
}

/** The decision on an appeal: uphold, vary (new restrictions and review date) or end, with reasons the letter gives. */
export function appealDecisionForm(a: Appeal, s: Strategy, cases: Case[], back: string): HTMLElement {
  const box = h('div', { class: 'app-decision-form appeal-form' });
  if (!hasRole('statutory-operations-manager', 'head-of-assurance')) {
    box.append(p('Awaiting a decision by a Statutory Operations Manager or the Head of Assurance who took no part in the strategy.'));
    return box;
  }
  if (!mayDecideAppealOf(s)) {
    box.append(warningText('You took part in this strategy (you proposed, edited, submitted or decided it), so someone else must decide this appeal.'));
    return box;
  }
  const prefix = `appeal-${a.id}-`;
  // One key for this form: a retry after a lost answer completes the letter instead of meeting "already decided".
  const key = newKey();
  const form = h('form');
  form.append(
    radios({
      name: `${prefix}outcome`,
      path: 'outcome',
      legend: 'Your decision on the appeal',
      legendSize: 's',
      items: [
        { value: 'UPHELD', text: 'Uphold the decision: the strategy stays as it is' },
        {
          value: 'VARIED',
          text: 'Vary the strategy',
          conditional: h('div', null, restrictionsEditor({ prefix, cases, current: s.restrictions, legend: 'New restrictions' }), dateInput({ name: `${prefix}date`, path: 'nextReviewDate', legend: 'Next review date', legendSize: 's' })),
        },
        { value: 'ENDED', text: 'End the strategy: lift the restrictions' },
      ],
    }),
    textarea({ name: `${prefix}reasons`, id: `${prefix}reasons`, path: 'reasons', label: 'Reasons', hint: 'The letter to the person gives these reasons.', rows: 4 }),
    button('Record appeal decision'),
  );
  onSubmit(form, async (v) => {
    const outcome = str(v[`${prefix}outcome`]);
    if (!outcome) throw new FormError([{ path: 'outcome', message: 'Choose uphold, vary or end' }]);
    const body: Record<string, unknown> = { outcome, reasons: str(v[`${prefix}reasons`]) };
    if (outcome === 'VARIED') {
      body.restrictions = readRestrictions(v, prefix);
      body.nextReviewDate = dateFrom(v, `${prefix}date`);
    }
    await post(`/appeals/${q(a.id)}/decision`, body, key);
    flash('Appeal decision recorded', 'The person is told the outcome and the reasons by email and post.');
    go(back);
  });
  box.append(form);
  return box;
}

/** What the inbox card says about an appeal. */
export function appealFacts(a: Appeal): HTMLElement {
  return summaryList([
    ['Received', `${formatDateTime(a.receivedAt)}${a.late ? ' (after the time limit)' : ''}`],
    ['Grounds', a.grounds],
    ...(a.lateReason ? ([['Why accepted late', a.lateReason]] as [string, string][]) : []),
    ['Decide by', formatDate(a.decisionDueBy)],
    ['Recorded by', a.recordedBy.name],
    ...(a.status === 'RECEIVED' ? chaseRows(a) : []),
  ]);
}

export const strategyLink = (s: Strategy) => p(link(`#/strategies/${q(s.id)}`, 'Read the strategy'));
