import { post, q, request } from '../api.js';
import { hasRole } from '../auth.js';
import { h, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, h2, insetText, p, textarea } from '../govuk.js';
import { formatDateTime } from '../labels.js';
import { flash, go } from '../shell.js';
import type { PersonRecord } from '../types.js';

/**
 * A legal hold (litigation, an inquiry, a complaint to the regulator): while it is on,
 * the person's records are never disposed of. The Statutory Operations Manager puts it
 * on and lifts it; everyone sees it.
 */
export function legalHoldSection(person: PersonRecord): Node[] {
  const som = hasRole('statutory-operations-manager');
  const back = `#/people/${q(person.id)}`;
  if (person.legalHold) {
    const hold = person.legalHold;
    const lift = h('form', { 'aria-label': 'Lift the legal hold' });
    lift.append(button('Lift the legal hold', { variant: 'secondary' }));
    onSubmit(lift, async () => {
      await request('DELETE', `/service-users/${q(person.id)}/legal-hold`);
      flash('Legal hold lifted', 'Their records can be disposed of again once they are due.');
      go(back);
    });
    const shown: Node[] = [h2('Legal hold'), insetText(p(`On since ${formatDateTime(hold.at)}, put on by ${hold.by.name}: nothing of theirs is disposed of while it is on.`), p(`Reason: ${hold.reason}`))];
    return som ? [...shown, lift] : shown;
  }
  if (!som) return [];
  const form = h('form', { 'aria-label': 'Put a legal hold on these records' });
  form.append(
    textarea({ name: 'reason', label: 'Why the records must be kept', hint: 'For example a claim before a court, an inquiry or a complaint to the regulator.', rows: 2 }),
    button('Put a legal hold on these records', { variant: 'secondary' }),
  );
  onSubmit(form, async (v) => {
    if (!str(v.reason)) throw new FormError([{ path: 'reason', message: 'Enter why the records must be kept' }]);
    await post(`/service-users/${q(person.id)}/legal-hold`, { reason: str(v.reason) });
    flash('Legal hold put on', 'Their records will not be disposed of until it is lifted.');
    go(back);
  });
  return [h2('Legal hold'), p('No legal hold is on these records.'), form];
}
