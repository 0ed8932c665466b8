/**
 * The desk's "Outside our remit" form (policy 1.1): a contact about something the
 * office does not deal with is recorded without a case (on the person's record when
 * we know who they are), with where they were signposted.
 */
import { newKey, post } from '../api.js';
import { h, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, details, select, textarea, textInput } from '../govuk.js';
import { CHANNELS, type Channel } from '../labels.js';
import { flash, go } from '../shell.js';

export function outsideRemitSection(ctx: { personId?: string; channel?: Channel }) {
  const key = newKey();
  const form = h(
    'form',
    { id: 'outside-remit-form' },
    // A select, not radios: the screening form beside it already labels a radio for each channel.
    select({ name: 'channel', id: 'remit-channel', label: 'How did they get in touch?', options: CHANNELS.map((c) => ({ value: c.value, text: c.text })), value: ctx.channel ?? 'PHONE' }),
    textarea({ name: 'summary', id: 'remit-summary', label: 'What was it about?', rows: 2 }),
    textInput({ name: 'signpostedTo', path: 'outsideRemit.signpostedTo', id: 'remit-signposted', label: 'Where did you signpost them?', hint: 'For example: the local council, the Independent Office for Police Conduct' }),
    button('Record contact outside our remit', { id: 'record-outside-remit' }),
  );
  onSubmit(form, async (v) => {
    const summary = str(v.summary);
    const signpostedTo = str(v.signpostedTo);
    const errors = [...(summary ? [] : [{ path: 'summary', message: 'Say what it was about' }]), ...(signpostedTo ? [] : [{ path: 'outsideRemit.signpostedTo', message: 'Say where you signposted them' }])];
    if (errors.length) throw new FormError(errors);
    await post(
      '/contacts',
      { ...(ctx.personId ? { serviceUserId: ctx.personId } : {}), channel: str(v.channel), direction: 'INBOUND', occurredAt: new Date().toISOString(), summary, outsideRemit: { signpostedTo } },
      key,
    );
    flash(`Contact outside our remit recorded: signposted to ${signpostedTo}`);
    go(ctx.personId ? `#/people/${ctx.personId}` : '#/desk');
  });
  return details('Outside our remit: record it and signpost them', form);
}
