/**
 * GOV.UK Design System components as DOM builders, following the markup the
 * Nunjucks macros produce so that govuk-frontend's CSS (and its JS where used)
 * applies unchanged.
 */
import { h, uid, type Child } from './dom.js';

export interface FieldError {
  path: string;
  message: string;
}

export const caption = (text: string) => h('span', { class: 'govuk-caption-l' }, text);

export function heading(text: string, cap?: string): HTMLElement {
  return h('h1', { class: 'govuk-heading-l', tabindex: '-1', id: 'page-heading' }, cap ? caption(cap) : null, text);
}

export const p = (...c: Child[]) => h('p', { class: 'govuk-body' }, ...c);
export const lead = (...c: Child[]) => h('p', { class: 'govuk-body-l' }, ...c);
export const h2 = (text: string, attrs: Record<string, string> = {}) => h('h2', { class: 'govuk-heading-m', ...attrs }, text);
export const h3 = (text: string) => h('h3', { class: 'govuk-heading-s' }, text);
export const link = (href: string, ...c: Child[]) => h('a', { class: 'govuk-link', href }, ...c);
export const hidden = (text: string) => h('span', { class: 'govuk-visually-hidden' }, text);

export function button(text: string, opts: { variant?: 'secondary' | 'warning'; type?: 'submit' | 'button'; onClick?: (e: Event) => void; name?: string; value?: string; id?: string } = {}) {
  return h(
    'button',
    {
      type: opts.type ?? 'submit',
      class: `govuk-button${opts.variant ? ` govuk-button--${opts.variant}` : ''}`,
      'data-module': 'govuk-button',
      'data-prevent-double-click': 'true',
      name: opts.name,
      value: opts.value,
      id: opts.id,
      onclick: opts.onClick,
    },
    text,
  );
}

export const buttonGroup = (...c: Child[]) => h('div', { class: 'govuk-button-group' }, ...c);

export function tag(text: string, colour?: string) {
  return h('strong', { class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ''}` }, text);
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  id?: string;
  /** The API field path whose errors this field shows. */
  path?: string;
  labelSize?: 's' | 'm' | 'l';
  /** The label is the page's heading. */
  isPageHeading?: boolean;
}

function labelEl(id: string, f: FieldBase) {
  const lab = h('label', { class: `govuk-label${f.labelSize ? ` govuk-label--${f.labelSize}` : ''}`, for: id }, f.label);
  return f.isPageHeading ? h('h1', { class: 'govuk-label-wrapper' }, lab) : lab;
}

function hintEl(id: string, hint?: string) {
  return hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null;
}

export function textInput(f: FieldBase & { value?: string; type?: string; autocomplete?: string; width?: string; inputmode?: string; spellcheck?: boolean; prefix?: string; suffix?: string }) {
  const id = f.id ?? uid(f.name);
  const input = h('input', {
    class: `govuk-input${f.width ? ` govuk-input--width-${f.width}` : ''}`,
    id,
    name: f.name,
    type: f.type ?? 'text',
    value: f.value ?? '',
    autocomplete: f.autocomplete,
    inputmode: f.inputmode,
    spellcheck: f.spellcheck === undefined ? undefined : String(f.spellcheck),
    'aria-describedby': f.hint ? `${id}-hint` : undefined,
  });
  const control = f.suffix || f.prefix
    ? h('div', { class: 'govuk-input__wrapper' }, f.prefix ? h('div', { class: 'govuk-input__prefix', 'aria-hidden': 'true' }, f.prefix) : null, input, f.suffix ? h('div', { class: 'govuk-input__suffix', 'aria-hidden': 'true' }, f.suffix) : null)
    : input;
  return formGroup(id, f, control);
}

/** A labelled form group around one control; `data-path` lets API errors find it. */
function formGroup(id: string, f: FieldBase, control: Node) {
  return h('div', { class: 'govuk-form-group', 'data-path': f.path ?? f.name, 'data-control': id }, labelEl(id, f), hintEl(id, f.hint), control);
}

export function textarea(f: FieldBase & { value?: string; rows?: number }) {
  const id = f.id ?? uid(f.name);
  return formGroup(id, f, h('textarea', { class: 'govuk-textarea', id, name: f.name, rows: f.rows ?? 4, 'aria-describedby': f.hint ? `${id}-hint` : undefined }, f.value ?? ''));
}

export function select(f: FieldBase & { options: { value: string; text: string }[]; value?: string }) {
  const id = f.id ?? uid(f.name);
  return formGroup(
    id,
    f,
    h('select', { class: 'govuk-select', id, name: f.name, 'aria-describedby': f.hint ? `${id}-hint` : undefined }, f.options.map((o) => h('option', { value: o.value, selected: o.value === f.value }, o.text))),
  );
}

export interface ChoiceItem {
  value: string;
  text: string;
  hint?: string;
  checked?: boolean;
  /** Revealed when chosen (govuk-frontend's conditional reveal). */
  conditional?: Child;
}

interface ChoicesOpts {
  name: string;
  legend: string;
  hint?: string;
  items: ChoiceItem[];
  path?: string;
  legendSize?: 's' | 'm' | 'l';
  isPageHeading?: boolean;
  inline?: boolean;
  small?: boolean;
  idPrefix?: string;
}

function choices(kind: 'radios' | 'checkboxes', o: ChoicesOpts) {
  const prefix = o.idPrefix ?? uid(o.name);
  const hintId = o.hint ? `${prefix}-hint` : undefined;
  const legendCls = `govuk-fieldset__legend${o.legendSize ? ` govuk-fieldset__legend--${o.legendSize}` : ''}`;
  const legend = h('legend', { class: legendCls }, o.isPageHeading ? h('h1', { class: 'govuk-fieldset__heading' }, o.legend) : o.legend);
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  const cls = kind === 'radios' ? 'govuk-radios' : 'govuk-checkboxes';
  const items = o.items.flatMap((item, i) => {
    const id = i === 0 ? prefix : `${prefix}-${i + 1}`;
    const condId = item.conditional ? `conditional-${id}` : undefined;
    const itemHintId = item.hint ? `${id}-item-hint` : undefined;
    const row = h(
      'div',
      { class: `${cls}__item` },
      h('input', { class: `${cls}__input`, id, name: o.name, type, value: item.value, checked: item.checked, 'data-aria-controls': condId, 'aria-describedby': itemHintId }),
      h('label', { class: `govuk-label ${cls}__label`, for: id }, item.text),
      item.hint ? h('div', { class: `govuk-hint ${cls}__hint`, id: itemHintId }, item.hint) : null,
    );
    const cond = item.conditional ? h('div', { class: `${cls}__conditional${item.checked ? '' : ` ${cls}__conditional--hidden`}`, id: condId }, item.conditional) : null;
    return [row, cond];
  });
  return h(
    'div',
    { class: 'govuk-form-group', 'data-path': o.path ?? o.name, 'data-control': prefix },
    h(
      'fieldset',
      { class: 'govuk-fieldset', 'aria-describedby': hintId },
      legend,
      o.hint ? h('div', { class: 'govuk-hint', id: hintId }, o.hint) : null,
      h('div', { class: `${cls}${o.inline ? ` ${cls}--inline` : ''}${o.small ? ` ${cls}--small` : ''}`, 'data-module': `govuk-${kind}` }, items),
    ),
  );
}

export const radios = (o: ChoicesOpts) => choices('radios', o);
export const checkboxes = (o: ChoicesOpts) => choices('checkboxes', o);

/** GOV.UK date input: day, month, year. Read with `dateFrom`. */
export function dateInput(o: { name: string; legend: string; hint?: string; value?: string; path?: string; legendSize?: 's' | 'm' | 'l'; isPageHeading?: boolean }) {
  const id = uid(o.name);
  const [y, m, d] = (o.value ?? '').split('-');
  const part = (suffix: string, label: string, value: string | undefined, width: number) =>
    h(
      'div',
      { class: 'govuk-date-input__item' },
      h(
        'div',
        { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-date-input__label', for: `${id}-${suffix}` }, label),
        h('input', { class: `govuk-input govuk-date-input__input govuk-input--width-${width}`, id: `${id}-${suffix}`, name: `${o.name}-${suffix}`, type: 'text', inputmode: 'numeric', value: value ? String(Number(value)) : '' }),
      ),
    );
  return h(
    'div',
    { class: 'govuk-form-group', 'data-path': o.path ?? o.name, 'data-control': `${id}-day` },
    h(
      'fieldset',
      { class: 'govuk-fieldset', role: 'group', 'aria-describedby': o.hint ? `${id}-hint` : undefined },
      h('legend', { class: `govuk-fieldset__legend${o.legendSize ? ` govuk-fieldset__legend--${o.legendSize}` : ''}` }, o.isPageHeading ? h('h1', { class: 'govuk-fieldset__heading' }, o.legend) : o.legend),
      o.hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, o.hint) : null,
      h('div', { class: 'govuk-date-input', id }, part('day', 'Day', d, 2), part('month', 'Month', m, 2), part('year', 'Year', y, 4)),
    ),
  );
}

/** `YYYY-MM-DD` from a date input's three fields, or undefined when incomplete or impossible. */
export function dateFrom(values: Record<string, string | string[]>, name: string): string | undefined {
  const n = (k: string) => Number(String(values[`${name}-${k}`] ?? '').trim());
  const d = n('day');
  const m = n('month');
  const y = n('year');
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1000 || !d || !m) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

export function summaryList(rows: [string, Child, Child?][], opts: { noBorder?: boolean } = {}) {
  return h(
    'dl',
    { class: `govuk-summary-list${opts.noBorder ? ' govuk-summary-list--no-border' : ''}` },
    rows.map(([k, v, action]) =>
      h('div', { class: `govuk-summary-list__row${action ? '' : ' govuk-summary-list__row--no-actions'}` }, h('dt', { class: 'govuk-summary-list__key' }, k), h('dd', { class: 'govuk-summary-list__value' }, v), action ? h('dd', { class: 'govuk-summary-list__actions' }, action) : null),
    ),
  );
}

export function table(o: { caption?: string; captionSize?: 's' | 'm' | 'l'; head: string[]; rows: Child[][]; numeric?: number[]; rowClass?: (i: number) => string | undefined }) {
  const num = new Set(o.numeric ?? []);
  return h(
    'table',
    { class: 'govuk-table' },
    o.caption ? h('caption', { class: `govuk-table__caption govuk-table__caption--${o.captionSize ?? 'm'}` }, o.caption) : null,
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, o.head.map((t, i) => h('th', { scope: 'col', class: `govuk-table__header${num.has(i) ? ' govuk-table__header--numeric' : ''}` }, t)))),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      // `data-label`: on a narrow screen each row stacks, each cell under its column's heading (styles.css).
      o.rows.map((r, ri) => h('tr', { class: `govuk-table__row${o.rowClass?.(ri) ? ` ${o.rowClass(ri)}` : ''}` }, r.map((c, i) => (i === 0 ? h('th', { scope: 'row', class: 'govuk-table__header', 'data-label': o.head[i] }, c) : h('td', { class: `govuk-table__cell${num.has(i) ? ' govuk-table__cell--numeric' : ''}`, 'data-label': o.head[i] }, c))))),
    ),
  );
}

export function notificationBanner(o: { title?: string; success?: boolean; heading?: Child; body?: Child; id?: string; role?: 'alert' | 'region' }) {
  const titleId = uid('banner-title');
  return h(
    'div',
    {
      class: `govuk-notification-banner${o.success ? ' govuk-notification-banner--success' : ''}`,
      role: o.role ?? (o.success ? 'alert' : 'region'),
      'aria-labelledby': titleId,
      'data-module': 'govuk-notification-banner',
      id: o.id,
      tabindex: '-1',
    },
    h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: titleId }, o.title ?? (o.success ? 'Success' : 'Important'))),
    h('div', { class: 'govuk-notification-banner__content' }, o.heading ? h('p', { class: 'govuk-notification-banner__heading' }, o.heading) : null, o.body ?? null),
  );
}

export function warningText(text: Child) {
  return h('div', { class: 'govuk-warning-text' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'), h('strong', { class: 'govuk-warning-text__text' }, hidden('Warning'), text));
}

export const insetText = (...c: Child[]) => h('div', { class: 'govuk-inset-text' }, ...c);

export function details(summary: string, ...c: Child[]) {
  return h('details', { class: 'govuk-details' }, h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, summary)), h('div', { class: 'govuk-details__text' }, ...c));
}

export function backLink(href: string, text = 'Back') {
  return h('a', { class: 'govuk-back-link', href }, text);
}

export function panel(title: string, body?: Child) {
  return h('div', { class: 'govuk-panel govuk-panel--confirmation' }, h('h1', { class: 'govuk-panel__title', tabindex: '-1', id: 'page-heading' }, title), body ? h('div', { class: 'govuk-panel__body' }, body) : null);
}

export function taskList(items: { title: string; href?: string; hint?: string; status: 'Completed' | 'Incomplete' | 'Not yet started' | 'Cannot start yet' }[]) {
  return h(
    'ul',
    { class: 'govuk-task-list' },
    items.map((t, i) => {
      const statusId = `task-${i}-status`;
      const hintId = t.hint ? `task-${i}-hint` : undefined;
      const titleEl = t.href
        ? h('a', { class: 'govuk-link govuk-task-list__link', href: t.href, 'aria-describedby': [hintId, statusId].filter(Boolean).join(' ') }, t.title)
        : h('div', null, t.title);
      const status =
        t.status === 'Completed'
          ? h('div', { class: 'govuk-task-list__status', id: statusId }, t.status)
          : t.status === 'Cannot start yet'
            ? h('div', { class: 'govuk-task-list__status govuk-task-list__status--cannot-start-yet', id: statusId }, t.status)
            : h('div', { class: 'govuk-task-list__status', id: statusId }, tag(t.status, t.status === 'Incomplete' ? 'light-blue' : 'blue'));
      return h(
        'li',
        { class: `govuk-task-list__item${t.href ? ' govuk-task-list__item--with-link' : ''}` },
        h('div', { class: 'govuk-task-list__name-and-hint' }, titleEl, t.hint ? h('div', { class: 'govuk-task-list__hint', id: hintId }, t.hint) : null),
        status,
      );
    }),
  );
}

// ---- Errors, the GOV.UK way: a summary linking to each field, and the field marked ----

function controlOf(group: Element): HTMLElement | null {
  const id = group.getAttribute('data-control');
  return id ? document.getElementById(id) : null;
}

/** Finds the form group that shows the errors for an API field path. */
function groupFor(scope: Element, path: string): HTMLElement | null {
  const all = [...scope.querySelectorAll<HTMLElement>('[data-path]')];
  const clean = path.replace(/^body\./, '');
  const find = (groups: HTMLElement[]) => groups.find((g) => g.dataset.path === clean) ?? groups.filter((g) => clean.startsWith(`${g.dataset.path}.`)).sort((a, b) => (b.dataset.path?.length ?? 0) - (a.dataset.path?.length ?? 0))[0];
  // Two fields may answer for one path (a review's Extend and Vary dates): prefer the one not hidden in a closed conditional reveal.
  const shown = all.filter((g) => !g.closest('.govuk-radios__conditional--hidden, .govuk-checkboxes__conditional--hidden'));
  return find(shown) ?? find(all) ?? null;
}

export function clearErrors(scope: Element): void {
  scope.querySelectorAll('.govuk-error-summary').forEach((e) => e.remove());
  scope.querySelectorAll('.govuk-error-message').forEach((e) => e.remove());
  scope.querySelectorAll('.govuk-form-group--error').forEach((e) => e.classList.remove('govuk-form-group--error'));
  scope.querySelectorAll('.govuk-input--error, .govuk-textarea--error, .govuk-select--error').forEach((e) => e.classList.remove('govuk-input--error', 'govuk-textarea--error', 'govuk-select--error'));
  scope.querySelectorAll('[data-error-described]').forEach((e) => {
    const ids = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.endsWith('-error'));
    if (ids.length) e.setAttribute('aria-describedby', ids.join(' '));
    else e.removeAttribute('aria-describedby');
    e.removeAttribute('data-error-described');
  });
  if (document.title.startsWith('Error: ')) document.title = document.title.slice(7);
}

/**
 * Shows errors on a form: an error summary at its top (focused, so it is read out)
 * linking to each field, and each field's own message, as the Design System asks.
 */
export function showErrors(scope: HTMLElement, errors: FieldError[], fallback = 'Check the answers and try again'): void {
  clearErrors(scope);
  const items: { href: string; text: string }[] = [];
  const seen = new Set<HTMLElement>();
  for (const e of errors) {
    const group = groupFor(scope, e.path);
    const message = friendly(e);
    if (!group) {
      items.push({ href: '#', text: message });
      continue;
    }
    const control = controlOf(group);
    items.push({ href: `#${control?.id ?? ''}`, text: message });
    if (seen.has(group)) continue;
    seen.add(group);
    group.classList.add('govuk-form-group--error');
    const errId = `${control?.id ?? uid('field')}-error`;
    const msg = h('p', { class: 'govuk-error-message', id: errId }, hidden('Error: '), message);
    const fieldset = group.querySelector(':scope > fieldset');
    const target = fieldset ?? group;
    const anchor = target.querySelector(':scope > .govuk-hint') ?? target.querySelector(':scope > label, :scope > .govuk-label-wrapper, :scope > legend');
    if (anchor) anchor.after(msg);
    else target.prepend(msg);
    const described = fieldset ?? group.querySelector('input, textarea, select');
    if (described) {
      described.setAttribute('aria-describedby', [described.getAttribute('aria-describedby'), errId].filter(Boolean).join(' '));
      described.setAttribute('data-error-described', '');
    }
    if (!fieldset) {
      group.querySelectorAll('.govuk-input').forEach((i) => i.classList.add('govuk-input--error'));
      group.querySelectorAll('.govuk-textarea').forEach((i) => i.classList.add('govuk-textarea--error'));
      group.querySelectorAll('.govuk-select').forEach((i) => i.classList.add('govuk-select--error'));
    }
  }
  if (!items.length) items.push({ href: '#', text: fallback });
  const summary = h(
    'div',
    { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h(
        'div',
        { class: 'govuk-error-summary__body' },
        h(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          items.map((i) =>
            h('li', null, i.href === '#' ? i.text : h('a', { href: i.href, onclick: (ev: Event) => focusField(ev, i.href.slice(1)) }, i.text)),
          ),
        ),
      ),
    ),
  );
  scope.prepend(summary);
  if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
  summary.focus();
}

/** Error summary links move focus to the field, scrolled so its label shows. */
function focusField(ev: Event, id: string) {
  ev.preventDefault();
  const el = document.getElementById(id);
  if (!el) return;
  const group = el.closest('.govuk-form-group');
  const legendOrLabel = group?.querySelector('legend, label');
  (legendOrLabel ?? el).scrollIntoView();
  el.focus({ preventScroll: true });
}

/** API messages are terse ("must not be empty"); say which field in plain words. */
function friendly(e: FieldError): string {
  const labels: Record<string, string> = {
    summary: 'Summary',
    description: 'Description',
    behaviours: 'Behaviours',
    channel: 'How they got in touch',
    warningGiven: 'Warning before ending the call',
    reason: 'Reason',
    purpose: 'What the strategy needs to achieve',
    reviewDate: 'Review date',
    nextReviewDate: 'Next review date',
    actions: 'Actions',
    policeReference: 'Police reference',
    reportedAt: 'When it was reported',
    restrictions: 'Restrictions',
    comments: 'Comments',
    notes: 'Notes',
    finalDecision: 'Final decision',
    durationMinutes: 'Call length',
    occurredAt: 'When it happened',
    from: 'Phone number or email address',
  };
  const key = e.path.replace(/^body\./, '').replace(/^query\./, '');
  if (/[A-Z]/.test(e.message.charAt(0))) return e.message;
  const label = labels[key] ?? labels[key.split('.')[0] ?? ''] ?? key;
  return `${label} ${e.message}`;
}
