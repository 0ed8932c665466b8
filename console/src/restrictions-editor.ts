/**
 * The restrictions of policy 1.5 as one GOV.UK checkboxes question, each with its
 * details revealed when ticked. Used by the strategy wizard, a review's VARY and a
 * breach decision's ADJUST_STRATEGY.
 */
import { h, list, str } from './dom.js';
import { checkboxes, radios, textarea, textInput } from './govuk.js';
import { FormError } from './forms.js';
import { RESTRICTION_TYPES, type Restriction } from './labels.js';
import type { Case } from './types.js';

export function restrictionsEditor(o: { prefix: string; cases: Case[]; current: Restriction[]; legend?: string }) {
  const cur = <T extends Restriction['type']>(t: T) => o.current.find((r) => r.type === t) as Extract<Restriction, { type: T }> | undefined;
  const concluded = o.cases.filter((c) => c.status === 'CONCLUDED');
  const caseChoice = (name: string, chosen: string[] = []) =>
    concluded.length
      ? checkboxes({ name: `${o.prefix}${name}`, path: `${o.prefix}${name}`, legend: 'Which concluded cases?', legendSize: 's', small: true, items: concluded.map((c) => ({ value: c.id, text: `${c.reference}: ${c.subject}`, checked: chosen.includes(c.id) })) })
      : h('p', { class: 'govuk-body' }, 'None of their cases is concluded yet, so this restriction cannot apply.');
  const limit = cur('TELEPHONE_LIMIT');
  const written = cur('WRITTEN_ONLY');
  const spoc = cur('SINGLE_POINT_OF_CONTACT');
  const reveal: Record<string, HTMLElement | undefined> = {
    LOG_ONLY: caseChoice('logOnlyCases', cur('LOG_ONLY')?.caseIds),
    REFUSE_SAME_MATTER: caseChoice('refuseCases', cur('REFUSE_SAME_MATTER')?.caseIds),
    TELEPHONE_LIMIT: h(
      'div',
      null,
      textInput({ name: `${o.prefix}maxCalls`, label: 'Most calls allowed', inputmode: 'numeric', width: '3', value: limit ? String(limit.maxCalls) : '' }),
      radios({ name: `${o.prefix}per`, legend: 'In each', legendSize: 's', inline: true, small: true, items: [{ value: 'DAY', text: 'Day' }, { value: 'WEEK', text: 'Week' }, { value: 'MONTH', text: 'Month' }].map((x) => ({ ...x, checked: (limit?.per ?? 'WEEK') === x.value })) }),
      textInput({ name: `${o.prefix}maxMinutes`, label: 'Longest a call may last (optional)', inputmode: 'numeric', width: '3', suffix: 'minutes', value: limit?.maxMinutes ? String(limit.maxMinutes) : '' }),
    ),
    WRITTEN_ONLY: checkboxes({ name: `${o.prefix}written`, legend: 'Which written channels?', legendSize: 's', small: true, items: [{ value: 'EMAIL', text: 'Email' }, { value: 'POST', text: 'Post' }].map((x) => ({ ...x, checked: written ? (written.channels as string[]).includes(x.value) : true })) }),
    BLOCK_ADDRESSES: textarea({ name: `${o.prefix}addresses`, label: 'Email addresses or phone numbers to block, one on each line', rows: 3, value: cur('BLOCK_ADDRESSES')?.addresses.join('\n') }),
    SINGLE_POINT_OF_CONTACT: h('div', null, textInput({ name: `${o.prefix}spocName`, label: 'Name of the single point of contact', value: spoc?.staffName, autocomplete: 'off' }), textInput({ name: `${o.prefix}spocId`, label: 'Their staff id', hint: 'The id they sign in with: "My strategies" lists what they are the single point of contact for.', width: '10', value: spoc?.staffId, autocomplete: 'off', spellcheck: false })),
  };
  return checkboxes({
    name: `${o.prefix}types`,
    path: 'restrictions',
    legend: o.legend ?? 'Which restrictions?',
    legendSize: 'm',
    hint: 'Select all that apply. Policy 1.5 lists them; choose the least that will work.',
    idPrefix: `${o.prefix}restriction`,
    items: RESTRICTION_TYPES.map((t) => ({ value: t.type, text: t.title, hint: t.hint, checked: Boolean(cur(t.type)), conditional: reveal[t.type] })),
  });
}

/** Reads the editor back into the API's restrictions; simple mistakes are caught here. */
export function readRestrictions(v: Record<string, string | string[]>, prefix: string): Restriction[] {
  const types = list(v[`${prefix}types`]);
  const errors: { path: string; message: string }[] = [];
  const out: Restriction[] = [];
  const int = (name: string) => {
    const s = str(v[`${prefix}${name}`]);
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const t of types) {
    if (t === 'LOG_ONLY' || t === 'REFUSE_SAME_MATTER') {
      const caseIds = list(v[`${prefix}${t === 'LOG_ONLY' ? 'logOnlyCases' : 'refuseCases'}`]);
      if (!caseIds.length) errors.push({ path: `${prefix}${t === 'LOG_ONLY' ? 'logOnlyCases' : 'refuseCases'}`, message: 'Select the concluded cases it covers' });
      out.push({ type: t, caseIds });
    } else if (t === 'TELEPHONE_LIMIT') {
      const maxCalls = int('maxCalls');
      if (!maxCalls) errors.push({ path: `${prefix}maxCalls`, message: 'Enter the most calls allowed, as a whole number' });
      const maxMinutes = int('maxMinutes');
      out.push({ type: t, maxCalls: maxCalls ?? 0, per: (str(v[`${prefix}per`]) || 'WEEK') as 'DAY', ...(maxMinutes ? { maxMinutes } : {}) });
    } else if (t === 'WRITTEN_ONLY') {
      const channels = list(v[`${prefix}written`]) as ('EMAIL' | 'POST')[];
      if (!channels.length) errors.push({ path: `${prefix}written`, message: 'Select email, post or both' });
      out.push({ type: t, channels });
    } else if (t === 'BLOCK_ADDRESSES') {
      const addresses = str(v[`${prefix}addresses`]).split('\n').map((a) => a.trim()).filter(Boolean);
      if (!addresses.length) errors.push({ path: `${prefix}addresses`, message: 'Enter at least one email address or phone number to block' });
      out.push({ type: t, addresses });
    } else if (t === 'SINGLE_POINT_OF_CONTACT') {
      const staffName = str(v[`${prefix}spocName`]);
      const staffId = str(v[`${prefix}spocId`]);
      if (!staffName) errors.push({ path: `${prefix}spocName`, message: 'Enter the name of the single point of contact' });
      if (!staffId) errors.push({ path: `${prefix}spocId`, message: 'Enter the staff id of the single point of contact' });
      out.push({ type: t, staffName, staffId });
    } else if (t === 'NO_TELEPHONE' || t === 'RECORD_CALLS') out.push({ type: t });
  }
  if (!types.length) errors.push({ path: 'restrictions', message: 'Select at least one restriction' });
  if (types.includes('TELEPHONE_LIMIT') && (types.includes('NO_TELEPHONE') || types.includes('WRITTEN_ONLY'))) {
    errors.push({ path: 'restrictions', message: 'A telephone limit contradicts no telephone contact or written contact only: choose one' });
  }
  if (errors.length) throw new FormError(errors);
  return out;
}
