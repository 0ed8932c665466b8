/** A rejected, ended or not-notified strategy copied into a new draft (`POST /strategies/{id}/copy`), to edit and submit afresh. */
import { newKey, post, q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h } from '../dom.js';
import { button, h2, p } from '../govuk.js';
import { onSubmit } from '../forms.js';
import { flash, go } from '../shell.js';
import type { Strategy } from '../types.js';

const COPYABLE = ['REJECTED', 'ENDED', 'NOT_NOTIFIED'];

export function copySection(s: Strategy): HTMLElement | null {
  if (!mayRecord() || !COPYABLE.includes(s.status)) return null;
  const form = h('form', { id: 'copy-form' });
  const key = newKey();
  form.append(button('Copy into a new draft', { variant: 'secondary', id: 'copy-strategy' }));
  onSubmit(form, async () => {
    const draft = await post<Strategy>(`/strategies/${q(s.id)}/copy`, {}, key);
    flash('Copied into a new draft', 'Check every answer before you submit it: the review date and the factors may need changing.');
    go(`#/strategies/${q(draft.id)}`);
  });
  return h('div', null, h2('Use it again'), p('Start a new proposal with the same cases, restrictions, reason, purpose and factors. This strategy stays as it is.'), form);
}
