import { ApiError } from './api.js';
import { formValues, h, uid } from './dom.js';
import { showErrors, type FieldError } from './govuk.js';

/** Thrown by a form's own checks, shown like the API's 422. */
export class FormError extends Error {
  constructor(readonly errors: FieldError[]) {
    super('invalid');
  }
}

export function errorsOf(err: unknown): FieldError[] {
  if (err instanceof FormError) return err.errors;
  if (err instanceof ApiError) {
    const p = err.problem;
    if (p.errors.length) return p.errors;
    return [{ path: '(body)', message: p.detail ?? p.title }];
  }
  return [{ path: '(body)', message: err instanceof Error ? err.message : String(err) }];
}

/**
 * Wires a form: its values go to `handler`; any problem (ours or the API's) is
 * shown the GOV.UK way. The submit button is disabled while the request runs.
 */
export function onSubmit(form: HTMLFormElement, handler: (v: Record<string, string | string[]>) => Promise<void>) {
  form.noValidate = true;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const btn = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (btn?.getAttribute('aria-disabled') === 'true') return;
    btn?.setAttribute('aria-disabled', 'true');
    try {
      await handler(formValues(form));
    } catch (err) {
      showErrors(form, errorsOf(err));
    } finally {
      btn?.removeAttribute('aria-disabled');
    }
  });
}

const ukParts = (d: Date) => {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

/** A date and a time in UK local time, as two GOV.UK text inputs; read with `whenFrom`. */
export function whenInput(o: { name: string; legend: string; path?: string; at?: Date }) {
  const { date, time } = ukParts(o.at ?? new Date());
  const id = uid(o.name);
  const [y, m, d] = date.split('-');
  const box = (suffix: string, label: string, value: string, width: number, inputmode = 'numeric') =>
    h('div', { class: 'govuk-date-input__item' }, h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label govuk-date-input__label', for: `${id}-${suffix}` }, label), h('input', { class: `govuk-input govuk-date-input__input govuk-input--width-${width}`, id: `${id}-${suffix}`, name: `${o.name}-${suffix}`, type: 'text', inputmode, value })));
  return h(
    'div',
    { class: 'govuk-form-group', 'data-path': o.path ?? o.name, 'data-control': `${id}-day` },
    h(
      'fieldset',
      { class: 'govuk-fieldset', role: 'group', 'aria-describedby': `${id}-hint` },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, o.legend),
      h('div', { class: 'govuk-hint', id: `${id}-hint` }, 'UK time. The time is on the 24-hour clock, for example 14:30.'),
      h('div', { class: 'govuk-date-input' }, box('day', 'Day', String(Number(d)), 2), box('month', 'Month', String(Number(m)), 2), box('year', 'Year', y ?? '', 4), box('time', 'Time', time, 4, 'text')),
    ),
  );
}

/** The instant a `whenInput` names, as ISO-8601 UTC. */
export function whenFrom(v: Record<string, string | string[]>, name: string, path = name): string {
  const n = (k: string) => String(v[`${name}-${k}`] ?? '').trim();
  const [day, month, year] = [Number(n('day')), Number(n('month')), Number(n('year'))];
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(n('time'));
  if (!day || !month || !year || !t) throw new FormError([{ path, message: 'Enter the date and time, for example 28 11 2026 and 14:30' }]);
  const guess = new Date(Date.UTC(year, month - 1, day, Number(t[1]), Number(t[2])));
  if (Number.isNaN(guess.getTime()) || guess.getUTCDate() !== day) throw new FormError([{ path, message: 'Enter a real date' }]);
  // Shift by the UK offset at that moment (GMT or BST).
  const uk = ukParts(guess);
  const asUtc = new Date(`${uk.date}T${uk.time}:00Z`);
  const offset = asUtc.getTime() - guess.getTime();
  return new Date(guess.getTime() - offset).toISOString();
}
