/**
 * Contact strategies: the proposal wizard in the GOV.UK task-list pattern
 * (factors of policy 1.4 → restrictions → reason, purpose and review date → check
 * your answers with the letter preview → submit), the strategy page, and the
 * decision, review and breach forms the manager inbox reuses.
 */
import { mayDecide as fourEyesAllow, mayDecideBreach } from '../../../lib/domain/approval.js';
import { get, getAll, newKey, patch, post, q } from '../api.js';
import { mayDecide, mayRecord, session } from '../auth.js';
import { add, h, list, str } from '../dom.js';
import { backLink, button, checkboxes, dateFrom, dateInput, details, h2, heading, insetText, link, p, radios, summaryList, table, taskList, textarea, textInput, warningText } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { ANSWERS, answerText, BREACH_ACTIONS, BREACH_STATUS, describeRestriction, exampleReviewDate, FACTORS, formatDate, formatDateTime, ukToday, type Restriction } from '../labels.js';
import { historyEntryWords } from '../entry-words.js';
import { letterKind, letterRoute, letterStatus } from './person-letters.js';
import { flash, go, type View } from '../shell.js';
import { readRestrictions, restrictionsEditor } from '../restrictions-editor.js';
import type { Breach, Case, Factor, LetterPreview, Person, Strategy } from '../types.js';
import { statusTag } from './person.js';
import { appealPage, appealsSection } from './appeal.js';
import { breachPage } from './breach-report.js';
import { notifiedForm } from './inbox-not-notified.js';
import { copySection } from './strategy-copy.js';
import { adjustmentsReminder } from './person-adjustments.js';
import { warningsForFactors, warningsOf } from './warning.js';
import { spocSection } from './spoc.js';

/** The wizard's unsaved draft (kept in sessionStorage): a strategy's fields as the API answers them, the factors answered so far, and the key that makes its creation safe to retry. */
type Draft = Pick<Strategy, 'serviceUserId' | 'caseIds' | 'restrictions' | 'reason' | 'purpose' | 'reviewDate'> &
  Partial<Pick<Strategy, 'id' | 'version'>> & { factors: Record<string, Factor>; idempotencyKey: string };

const store = (key: string) => `contact-strategy.draft.${key}`;
function loadDraft(key: string): Draft | undefined {
  const raw = sessionStorage.getItem(store(key));
  return raw ? (JSON.parse(raw) as Draft) : undefined;
}
function saveDraft(key: string, d: Draft) {
  sessionStorage.setItem(store(key), JSON.stringify(d));
}

const view: View = async (ctx) => {
  const id = ctx.params[0] ?? 'new';
  const step = ctx.params[1] ?? '';
  if (id !== 'new') {
    const s = await get<Strategy>(`/strategies/${q(id)}`);
    if (step === 'breach') return breachPage(ctx.main, s, ctx.query.get('contact') ?? undefined, ctx.query.get('from') === 'inbox' ? '#/inbox' : undefined);
    if (step === 'appeal') return appealPage(ctx.main, s);
    if (s.status !== 'DRAFT' || !mayRecord()) return strategyPage(ctx.main, s);
    if (!loadDraft(id)) saveDraft(id, { id: s.id, version: s.version, serviceUserId: s.serviceUserId, caseIds: s.caseIds, factors: s.factors ?? {}, restrictions: s.restrictions, reason: s.reason ?? '', purpose: s.purpose ?? '', reviewDate: s.reviewDate ?? '', idempotencyKey: newKey() });
    return wizard(ctx.main, id, step);
  }
  const personId = ctx.query.get('person') ?? '';
  const key = `new-${personId}`;
  if (!loadDraft(key)) saveDraft(key, { serviceUserId: personId, caseIds: [], factors: {}, restrictions: [], reason: '', purpose: '', reviewDate: '', idempotencyKey: newKey() });
  return wizard(ctx.main, key, step);
};
export default view;

// ---- the wizard ------------------------------------------------------------------

const base = (key: string, d: Draft) => (d.id ? `#/strategies/${q(d.id)}` : `#/strategies/new`) + (key.startsWith('new-') ? '' : '');
const stepHref = (key: string, d: Draft, s: string) => (d.id ? `#/strategies/${q(d.id)}${s ? `/${s}` : ''}` : `#/strategies/new${s ? `/${s}` : ''}?person=${q(d.serviceUserId)}`);

async function wizard(main: HTMLElement, key: string, step: string): Promise<string> {
  const d = loadDraft(key) as Draft;
  const [person, cases] = await Promise.all([get<Person>(`/service-users/${q(d.serviceUserId)}`), getAll<Case>(`/service-users/${q(d.serviceUserId)}/cases`)]);
  const factorsDone = FACTORS.every((f) => d.factors[f.key]?.answer);
  const restrictionsDone = d.caseIds.length > 0 && d.restrictions.length > 0;
  const reasonDone = Boolean(d.reason && d.purpose && d.reviewDate);
  const toList = () => go(stepHref(key, d, ''));
  const save = (next: Partial<Draft>) => saveDraft(key, { ...d, ...next });
  void base;

  if (step === '' || step === 'new') {
    add(
      main,
      heading('Propose a contact strategy', person.name),
      p('Policy 1.5: consult the Statutory Operations Manager before creating a contact strategy. Submitting this proposal asks them to decide.'),
      taskList([
        { title: 'Check the factors to consider', hint: 'Policy 1.4', href: stepHref(key, d, 'factors'), status: factorsDone ? 'Completed' : Object.keys(d.factors).length ? 'Incomplete' : 'Not yet started' },
        { title: 'Choose the cases and restrictions', hint: 'Policy 1.5', href: stepHref(key, d, 'restrictions'), status: restrictionsDone ? 'Completed' : 'Not yet started' },
        { title: 'Give the reason, purpose and review date', href: stepHref(key, d, 'reason'), status: reasonDone ? 'Completed' : d.reason || d.purpose ? 'Incomplete' : 'Not yet started' },
        factorsDone && restrictionsDone && reasonDone
          ? { title: 'Check your answers and preview the letter', href: stepHref(key, d, 'check'), status: 'Not yet started' }
          : { title: 'Check your answers and preview the letter', status: 'Cannot start yet' },
      ]),
    );
    return 'Propose a contact strategy';
  }

  if (step === 'factors') {
    const form = h('form', { id: 'factors-form' });
    form.append(
      ...FACTORS.flatMap((f) => [
        radios({ name: f.key, path: `factors.${f.key}.answer`, legend: f.question, legendSize: 's', hint: f.hint, inline: true, idPrefix: `factor-${f.key}`, items: ANSWERS.map((a) => ({ ...a, checked: d.factors[f.key]?.answer === a.value })) }),
        textarea({ name: `${f.key}-notes`, id: `factor-${f.key}-notes`, path: `factors.${f.key}.notes`, label: 'Notes (optional)', rows: 2, value: d.factors[f.key]?.notes }),
      ]),
      button('Save and continue', { id: 'save-factors' }),
    );
    onSubmit(form, async (v) => {
      const factors: Record<string, Factor> = {};
      const errors = [];
      for (const f of FACTORS) {
        const answer = str(v[f.key]) as Factor['answer'] | '';
        const notes = str(v[`${f.key}-notes`]);
        if (!answer) errors.push({ path: `factors.${f.key}.answer`, message: `Answer: ${f.question}` });
        else factors[f.key] = { answer, ...(notes ? { notes } : {}) };
      }
      if (factors.informedBehaviourUnacceptable?.answer === 'NO' && !factors.informedBehaviourUnacceptable.notes) errors.push({ path: 'factors.informedBehaviourUnacceptable.notes', message: 'Say why they have not been told their behaviour is unacceptable' });
      if (errors.length) throw new FormError(errors);
      save({ factors });
      toList();
    });
    add(main, backLink(stepHref(key, d, '')), heading('Factors to consider', person.name), p('Before restricting contact, satisfy yourself that the service we gave has been considered, comprehensive and fair (policy 1.4).'), person.additionalNeeds ? insetText(h('strong', null, 'Recorded additional needs: '), person.additionalNeeds) : null, warningsForFactors(await warningsOf(person.id), cases), form);
    return 'Factors to consider';
  }

  if (step === 'restrictions') {
    const form = h('form', { id: 'restrictions-form' });
    form.append(
      checkboxes({ name: 'caseIds', path: 'caseIds', legend: 'Which cases does the strategy cover?', legendSize: 'm', idPrefix: 'cover', items: cases.map((c) => ({ value: c.id, text: `${c.reference}: ${c.subject}`, hint: c.status === 'OPEN' ? 'Open: contact must stay possible for it (policy 1.5)' : 'Concluded', checked: d.caseIds.length ? d.caseIds.includes(c.id) : true })) }),
      restrictionsEditor({ prefix: '', cases, current: d.restrictions }),
      button('Save and continue', { id: 'save-restrictions' }),
    );
    onSubmit(form, async (v) => {
      const caseIds = list(v.caseIds);
      const errors = caseIds.length ? [] : [{ path: 'caseIds', message: 'Select at least one case' }];
      let restrictions: Restriction[] = [];
      try {
        restrictions = readRestrictions(v, '');
      } catch (e) {
        if (e instanceof FormError) errors.push(...e.errors);
      }
      if (errors.length) throw new FormError(errors);
      save({ caseIds, restrictions });
      toList();
    });
    add(main, backLink(stepHref(key, d, '')), heading('Cases and restrictions', person.name), adjustmentsReminder(person), form);
    return 'Cases and restrictions';
  }

  if (step === 'reason') {
    const form = h('form', { id: 'reason-form' });
    form.append(
      textarea({ name: 'reason', id: 'reason', label: 'Why is the strategy needed?', labelSize: 's', hint: 'This is quoted in the letter to them.', rows: 4, value: d.reason }),
      textarea({ name: 'purpose', id: 'purpose', label: 'What does the strategy need to achieve?', labelSize: 's', rows: 3, value: d.purpose }),
      dateInput({ name: 'reviewDate', path: 'reviewDate', legend: 'When will it be reviewed?', legendSize: 's', hint: `After today and at most 12 months ahead. For example, ${exampleReviewDate()}.`, value: d.reviewDate }),
      button('Save and continue', { id: 'save-reason' }),
    );
    onSubmit(form, async (v) => {
      const reviewDate = dateFrom(v, 'reviewDate');
      const errors = [];
      if (!str(v.reason)) errors.push({ path: 'reason', message: 'Enter why the strategy is needed' });
      if (!str(v.purpose)) errors.push({ path: 'purpose', message: 'Enter what the strategy needs to achieve' });
      if (!reviewDate) errors.push({ path: 'reviewDate', message: `Enter a real review date, for example ${exampleReviewDate()}` });
      else if (reviewDate <= ukToday()) errors.push({ path: 'reviewDate', message: 'The review date must be in the future' });
      if (errors.length) throw new FormError(errors);
      save({ reason: str(v.reason), purpose: str(v.purpose), reviewDate: reviewDate as string });
      toList();
    });
    add(main, backLink(stepHref(key, d, '')), heading('Reason, purpose and review', person.name), form);
    return 'Reason, purpose and review';
  }

  // step === 'check': save the draft, show the answers and the letter it will send.
  const refOf = (cid: string) => cases.find((c) => c.id === cid)?.reference ?? 'another case';
  const body = { serviceUserId: d.serviceUserId, caseIds: d.caseIds, factors: d.factors, restrictions: d.restrictions, reason: d.reason, purpose: d.purpose, reviewDate: d.reviewDate };
  const problems = h('div');
  let saved: Strategy | undefined;
  try {
    if (d.id) saved = await patch<Strategy>(`/strategies/${q(d.id)}`, { ...body, factors: d.factors }, d.version as number);
    else saved = await post<Strategy>('/strategies', body, d.idempotencyKey);
    saveDraft(saved.id, { ...d, id: saved.id, version: saved.version });
    if (!d.id) {
      sessionStorage.removeItem(store(key));
      history.replaceState(null, '', `#/strategies/${q(saved.id)}/check`);
    }
  } catch (err) {
    const { errorsOf } = await import('../forms.js');
    const { showErrors } = await import('../govuk.js');
    problems.append(h('div'));
    setTimeout(() => showErrors(problems, errorsOf(err), 'The draft could not be saved'), 0);
  }
  const letter = saved ? await get<LetterPreview>(`/strategies/${q(saved.id)}/letter`).catch(() => undefined) : undefined;
  const change = (s: string, what: string) => link(stepHref(key, saved ? { ...d, id: saved.id } : d, s), 'Change', h('span', { class: 'govuk-visually-hidden' }, ` ${what}`));
  const submitForm = h('form', { id: 'submit-form' });
  submitForm.append(
    h2('Now submit the proposal'),
    p('The Statutory Operations Manager is emailed and asked to decide. If they approve it, the letter is sent to the person by email and by post, and the strategy comes into force.'),
    button('Submit for decision', { id: 'submit-strategy' }),
  );
  onSubmit(submitForm, async () => {
    if (!saved) throw new FormError([{ path: '(body)', message: 'The draft could not be saved. Change the answers shown and try again.' }]);
    await post(`/strategies/${q(saved.id)}/submit`, {});
    sessionStorage.removeItem(store(saved.id));
    flash('Strategy submitted', 'The Statutory Operations Manager has been asked to decide.');
    go(`#/strategies/${q(saved.id)}`);
  });
  add(
    main,
    problems,
    backLink(stepHref(key, saved ? { ...d, id: saved.id } : d, '')),
    heading('Check your answers', person.name),
    saved ? p('Draft saved.') : null,
    h2('Factors to consider'),
    summaryList(FACTORS.map((f) => [f.question, `${answerText(d.factors[f.key]?.answer)}${d.factors[f.key]?.notes ? `. ${d.factors[f.key]?.notes}` : ''}`, change('factors', f.question)])),
    h2('Cases and restrictions'),
    summaryList([
      ['Cases', d.caseIds.map(refOf).join(', '), change('restrictions', 'cases')],
      ['Restrictions', h('ul', { class: 'govuk-list govuk-list--bullet' }, d.restrictions.map((r) => h('li', null, describeRestriction(r, refOf)))), change('restrictions', 'restrictions')],
    ]),
    h2('Reason, purpose and review'),
    summaryList([
      ['Reason', d.reason, change('reason', 'reason')],
      ['Purpose', d.purpose, change('reason', 'purpose')],
      ['Review date', formatDate(d.reviewDate), change('reason', 'review date')],
    ]),
    letter ? [h2('Letter preview', { id: 'letter-preview' }), p(h('strong', null, 'Subject: '), letter.subject), h('div', { class: 'app-letter', tabindex: '0', role: 'region', 'aria-labelledby': 'letter-preview' }, letter.text)] : null,
    saved ? submitForm : null,
  );
  return 'Check your answers';
}

// ---- the strategy page -------------------------------------------------------------

async function strategyPage(main: HTMLElement, s: Strategy): Promise<string> {
  const [person, cases, breaches, letter] = await Promise.all([
    get<Person>(`/service-users/${q(s.serviceUserId)}`),
    getAll<Case>(`/service-users/${q(s.serviceUserId)}/cases`),
    getAll<Breach>(`/strategies/${q(s.id)}/breaches`).catch(() => [] as Breach[]),
    get<LetterPreview>(`/strategies/${q(s.id)}/letter`).catch(() => undefined),
  ]);
  const refOf = (cid: string) => cases.find((c) => c.id === cid)?.reference ?? 'another case';
  const here = `#/strategies/${q(s.id)}`;
  add(
    main,
    heading('Contact strategy', person.name),
    p(statusTag(s.status)),
    summaryList([
      ['Person', link(`#/people/${q(person.id)}`, person.name)],
      ['Cases', h('span', null, s.caseIds.map((cid, i) => [i ? ', ' : '', link(`#/cases/${q(cid)}`, refOf(cid))]))],
      ['Restrictions', h('ul', { class: 'govuk-list govuk-list--bullet' }, s.restrictions.map((r) => h('li', null, describeRestriction(r, refOf))))],
      ['Reason', s.reason ?? ''],
      ['Purpose', s.purpose ?? ''],
      ['Review date', formatDate(s.reviewDate)],
      ['Proposed by', s.proposedBy?.name ?? ''],
      ['Decided by', s.decidedBy?.name ?? 'Not yet decided'],
    ]),
  );
  if (s.status === 'PENDING_APPROVAL') add(main, decisionSection(s, here));
  add(main, spocSection(s, here));
  if ((s.status === 'ACTIVE' || s.status === 'REVIEW_DUE') && mayDecide()) add(main, h2('Review'), reviewForm(s, cases, here, person));
  if (s.status === 'NOT_NOTIFIED' && mayRecord()) add(main, h2('Record how the person was told'), p('No letter reached them, so the strategy is not in force. Once you record how they were told, it is.'), notifiedForm(s, here));
  add(main, copySection(s));
  add(
    main,
    h2('Letters'),
    s.letters?.length ? table({ head: ['Letter', 'Sent by', 'Status', 'Sent'], rows: s.letters.map((l) => [link(`#/letters/${q(l.id)}`, letterKind(l.kind), h('span', { class: 'govuk-visually-hidden' }, ` by ${letterRoute(l.channel).toLowerCase()}, as sent`)), letterRoute(l.channel), letterStatus(l.status), formatDateTime(l.sentAt)]) }) : p('No letters sent yet.'),
    letter ? details('Read the letter', p(h('strong', null, 'Subject: '), letter.subject), h('div', { class: 'app-letter' }, letter.text)) : null,
    h2('Breaches'),
    breaches.length ? table({ head: ['Reported', 'Description', 'Status'], rows: breaches.map((b) => [formatDateTime(b.occurredAt), b.description, BREACH_STATUS[b.status] ?? 'Status not known']) }) : p('No breaches reported.'),
    mayRecord() && (s.status === 'ACTIVE' || s.status === 'REVIEW_DUE') ? h('a', { href: `${here}/breach`, class: 'govuk-button govuk-button--warning', role: 'button', draggable: 'false' }, 'Report a breach') : null,
    appealsSection(s),
    h2('Factors considered'),
    summaryList(FACTORS.map((f) => [f.question, `${answerText(s.factors?.[f.key]?.answer)}${s.factors?.[f.key]?.notes ? `. ${s.factors?.[f.key]?.notes}` : ''}`])),
    h2('History'),
    s.history?.length ? h('ol', { class: 'app-timeline' }, [...s.history].reverse().map((e) => h('li', null, h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, historyEntryWords(e)), h('p', { class: 'govuk-body-s app-timeline__meta' }, `${formatDateTime(e.at)}${e.actor ? ` by ${e.actor.name}` : ''}`)))) : p('No history.'),
  );
  return 'Contact strategy';
}

/** The SOM's decision; four-eyes: nobody decides on a strategy they proposed. */
export function decisionSection(s: Strategy, back: string): HTMLElement {
  const box = h('div', { class: 'app-decision-form' });
  if (!mayDecide()) {
    box.append(p('Awaiting a decision by the Statutory Operations Manager.'));
    return box;
  }
  const me = { sub: session()?.sub ?? '' };
  if (s.proposedBy?.sub === me.sub) {
    box.append(warningText('You proposed this strategy, so another Statutory Operations Manager must decide on it.'));
    return box;
  }
  if (!fourEyesAllow(participation(s), me)) {
    box.append(warningText(s.originalParticipants?.some((a) => a.sub === me.sub) ? 'You took part in the strategy this one was copied from, so another Statutory Operations Manager must decide on it.' : 'You edited or submitted this strategy, so another Statutory Operations Manager must decide on it.'));
    return box;
  }
  const form = h('form', { class: 'decision-form' });
  form.append(
    radios({ name: 'decision', legend: 'Your decision', legendSize: 'm', items: [{ value: 'APPROVE', text: 'Approve', hint: 'The letter is sent by email and post and the strategy comes into force.' }, { value: 'REJECT', text: 'Reject' }] }),
    textarea({ name: 'comments', label: 'Comments', hint: 'Required when you reject: say why.', rows: 3 }),
    button('Record decision'),
  );
  onSubmit(form, async (v) => {
    if (!str(v.decision)) throw new FormError([{ path: 'decision', message: 'Choose approve or reject' }]);
    await post(`/strategies/${q(s.id)}/decision`, { decision: str(v.decision), comments: str(v.comments) });
    // From the approval, straight to the letters as sent (listed on the strategy page once each route has sent).
    flash(
      str(v.decision) === 'APPROVE' ? 'Strategy approved' : 'Strategy rejected',
      str(v.decision) === 'APPROVE' ? h('span', null, 'The letter is being sent by email and post. ', link(`#/strategies/${q(s.id)}`, 'See the letters as sent'), '.') : undefined,
    );
    go(back);
  });
  box.append(form);
  return box;
}

/** `person`: their reasonable adjustments are shown where the new restrictions are chosen. */
export function reviewForm(s: Strategy, cases: Case[], back: string, person?: Person): HTMLElement {
  // The inbox shows one form per review due: the editor's ids must differ between them.
  const prefix = `vary-${s.id}-`;
  // One key for this form: a retry after a lost answer completes the letter instead of meeting a changed strategy.
  const key = newKey();
  const form = h('form', { class: 'app-decision-form review-form' });
  form.append(
    radios({
      name: 'outcome',
      legend: 'Review outcome',
      legendSize: 's',
      items: [
        { value: 'EXTEND', text: 'Extend: the strategy continues unchanged', conditional: dateInput({ name: 'extendDate', path: 'nextReviewDate', legend: 'Next review date', legendSize: 's' }) },
        { value: 'VARY', text: 'Vary the restrictions', conditional: h('div', null, person ? adjustmentsReminder(person) : null, restrictionsEditor({ prefix, cases, current: s.restrictions, legend: 'New restrictions' }), dateInput({ name: 'varyDate', path: 'nextReviewDate', legend: 'Next review date', legendSize: 's' })) },
        { value: 'END', text: 'End: lift the restrictions' },
      ],
    }),
    textarea({ name: 'notes', label: 'Notes', rows: 3 }),
    button('Record review'),
  );
  onSubmit(form, async (v) => {
    const outcome = str(v.outcome);
    if (!outcome) throw new FormError([{ path: 'outcome', message: 'Choose extend, vary or end' }]);
    const body: Record<string, unknown> = { outcome, notes: str(v.notes) };
    if (outcome === 'EXTEND') body.nextReviewDate = dateFrom(v, 'extendDate');
    if (outcome === 'VARY') {
      body.nextReviewDate = dateFrom(v, 'varyDate');
      body.restrictions = readRestrictions(v, prefix);
    }
    await post(`/strategies/${q(s.id)}/review`, body, key);
    flash('Review recorded', 'The person is told by email and post.');
    go(back);
  });
  return form;
}

/** What the four-eyes rules read of a strategy, as the console has it. */
const participation = (s: Strategy) => ({
  proposedBy: { sub: s.proposedBy?.sub ?? '' },
  history: (s.history ?? []).flatMap((e) => (e.event && e.actor ? [{ event: e.event, actor: e.actor }] : [])),
  originalParticipants: s.originalParticipants ?? [],
});

/** `person`: their reasonable adjustments are shown where the adjusted restrictions are chosen. Nobody decides a breach they reported, or one of a strategy they proposed. */
export function breachDecisionForm(b: Breach, s: Strategy, cases: Case[], back: string, person?: Person): HTMLElement {
  const me = { sub: session()?.sub ?? '' };
  if (!mayDecideBreach({ proposedBy: { sub: s.proposedBy?.sub ?? '' } }, { reportedBy: { sub: b.reportedBy?.sub ?? '' } }, me)) {
    return h('div', { class: 'app-decision-form' }, warningText(b.reportedBy?.sub === me.sub ? 'You reported this breach, so another Statutory Operations Manager must decide on it.' : 'You proposed this strategy, so another Statutory Operations Manager must decide on this breach.'));
  }
  // One key for this form: a retry after a lost answer completes the letter instead of meeting a decided breach.
  const key = newKey();
  const form = h('form', { class: 'app-decision-form breach-form' });
  form.append(
    checkboxes({
      name: 'actions',
      legend: 'What action will you take? (policy 1.6)',
      legendSize: 's',
      items: BREACH_ACTIONS.map((a) => ({
        ...a,
        conditional:
          a.value === 'ADJUST_STRATEGY'
            ? h('div', null, person ? adjustmentsReminder(person) : null, restrictionsEditor({ prefix: `adj-${b.id}-`, cases, current: s.restrictions, legend: 'Adjusted restrictions' }), dateInput({ name: 'adjustDate', path: 'nextReviewDate', legend: 'Next review date (optional)', legendSize: 's' }))
            : a.value === 'POLICE_REFERRAL'
              ? h('div', null, textInput({ name: 'policeReference', label: 'Police reference', width: '10' }), whenInput({ name: 'reportedAt', legend: 'When was it reported?' }))
              : undefined,
      })),
    }),
    textarea({ name: 'notes', label: 'Notes', rows: 3 }),
    button('Record decision'),
  );
  onSubmit(form, async (v) => {
    const actions = list(v.actions);
    if (!actions.length) throw new FormError([{ path: 'actions', message: 'Choose at least one action' }]);
    if (actions.includes('NO_FURTHER_ACTION') && actions.length > 1) throw new FormError([{ path: 'actions', message: 'No further action stands alone: untick the others' }]);
    const body: Record<string, unknown> = { actions, notes: str(v.notes) };
    if (actions.includes('ADJUST_STRATEGY')) {
      body.restrictions = readRestrictions(v, `adj-${b.id}-`);
      const next = dateFrom(v, 'adjustDate');
      if (next) body.nextReviewDate = next;
    }
    // Policy 1.6: a referral to the police is recorded with the police's reference and when it was made.
    if (actions.includes('POLICE_REFERRAL')) {
      body.policeReference = str(v.policeReference);
      body.reportedAt = whenFrom(v, 'reportedAt');
    }
    await post(`/breaches/${q(b.id)}/decision`, body, key);
    flash('Breach decision recorded');
    go(back);
  });
  return form;
}
