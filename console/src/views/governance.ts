import { ApiError, download, get, getBlob } from '../api.js';
import { add, h, svg, uid, type Child } from '../dom.js';
import { button, h2, heading, p, select, showErrors, table, type FieldError } from '../govuk.js';
import { BEHAVIOURS, RESTRICTION_TYPES, ukToday } from '../labels.js';
import { go, type View } from '../shell.js';
import { addToMonth, DEFAULT_FIGURES_MONTHS, MAX_FIGURES_MONTHS, monthsBetween } from '../../../lib/domain/governance.js';
import type { GovernanceFigures, GovernanceMonth } from '../types.js';

/**
 * The governance figures for the board: per UK month, as charts (inline SVG, each
 * with a name, a one-line description and a table of the same figures beside it,
 * which is what a screen reader reads) and tables. Printable: the print style sheet
 * hides the navigation and the range picker (console/src/styles.css).
 */

/** Months offered in the range picker: the last five years. */
const PICKER_MONTHS = 60;

const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortFmt = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const monthName = (m: string) => monthFmt.format(new Date(`${m}-15T12:00:00Z`));
const monthShort = (m: string) => shortFmt.format(new Date(`${m}-15T12:00:00Z`));
const percent = (part: number, whole: number, none = 'None decided') => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : none);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface Series {
  name: string;
  values: number[];
}

/** A round number at or above `n`, for the top of a chart's scale. */
function scaleTop(n: number): number {
  if (n <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * step >= n) return f * step;
  return 10 * step;
}

/**
 * Bars per month, one bar per series side by side. The SVG is one image with a
 * name and a description (role="img"); the numbers are in the table beside it.
 */
function monthChart(o: { title: string; description: string; months: string[]; series: Series[] }): HTMLElement {
  const id = uid('chart');
  const plotH = 180;
  const left = 44;
  const top = 12;
  const groupW = o.series.length > 2 ? 56 : 44;
  const barW = (groupW - 10) / o.series.length;
  const width = left + o.months.length * groupW + 10;
  const height = top + plotH + 40;
  const max = scaleTop(Math.max(0, ...o.series.flatMap((s) => s.values)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  return h(
    'figure',
    { class: 'app-chart-figure' },
    svg(
      'svg',
      { class: 'app-chart', role: 'img', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-desc`, viewBox: `0 0 ${width} ${height}`, width, height, focusable: 'false' },
      svg('title', { id: `${id}-title` }, o.title),
      svg('desc', { id: `${id}-desc` }, o.description),
      ticks.map((t) => [
        svg('line', { x1: left, x2: width - 6, y1: y(t), y2: y(t), class: t === 0 ? 'app-chart__axis' : 'app-chart__grid' }),
        svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, Number.isInteger(t) ? String(t) : t.toFixed(1)),
      ]),
      o.months.map((m, i) => {
        const x0 = left + i * groupW + 5;
        return [
          o.series.map((s, si) => {
            const v = s.values[i] ?? 0;
            return v > 0 ? svg('rect', { x: x0 + si * barW, y: y(v), width: Math.max(1, barW - 1), height: Math.max(1, (v / max) * plotH), class: `app-chart__bar app-series-${si}` }) : null;
          }),
          svg('text', { x: x0 + (groupW - 10) / 2, y: top + plotH + 16, 'text-anchor': 'middle' }, monthShort(m)),
          i === 0 || m.endsWith('-01') ? svg('text', { x: x0 + (groupW - 10) / 2, y: top + plotH + 32, 'text-anchor': 'middle' }, m.slice(0, 4)) : null,
        ];
      }),
    ),
    o.series.length > 1
      ? h(
          'ul',
          { class: 'app-chart-legend govuk-body-s' },
          o.series.map((s, si) => h('li', null, h('span', { class: `app-chart-legend__key app-series-${si}`, 'aria-hidden': 'true' }), s.name)),
        )
      : null,
  );
}

/** A chart and, beside it, the same figures as a table. */
function chartSection(o: { title: string; description: string; months: string[]; series: Series[]; table: { head: string[]; rows: Child[][] } }): HTMLElement {
  return h(
    'section',
    { class: 'app-chart-section' },
    h2(o.title),
    monthChart({ title: o.title, description: o.description, months: o.months, series: o.series }),
    table({ caption: `${o.title}, month by month`, captionSize: 's', head: o.table.head, numeric: o.table.head.map((_, i) => i).slice(1), rows: o.table.rows }),
  );
}

/** The range asked for in the address, checked as the API checks it (the picker offers only months, so only the order and length can be wrong). */
function rangeOf(query: URLSearchParams, current: string): { from: string; to: string; errors: FieldError[] } {
  const to = MONTH.test(query.get('to') ?? '') ? (query.get('to') as string) : current;
  const from = MONTH.test(query.get('from') ?? '') ? (query.get('from') as string) : addToMonth(to, -(DEFAULT_FIGURES_MONTHS - 1));
  const errors: FieldError[] = [];
  if (from > to) errors.push({ path: 'from', message: 'The first month must be the same as the last month or before it' });
  else if (monthsBetween(from, to).length > MAX_FIGURES_MONTHS) errors.push({ path: 'to', message: `Choose at most ${MAX_FIGURES_MONTHS} months` });
  return { from, to, errors };
}

function rangePicker(from: string, to: string, current: string): HTMLFormElement {
  const options = Array.from({ length: PICKER_MONTHS }, (_, i) => addToMonth(current, -i)).map((m) => ({ value: m, text: monthName(m) }));
  const form = h(
    'form',
    { class: 'app-filters app-no-print', novalidate: true, 'aria-label': 'Months shown' },
    h(
      'div',
      { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-one-third' }, select({ name: 'from', id: 'figures-from', label: 'From', options, value: from })),
      h('div', { class: 'govuk-grid-column-one-third' }, select({ name: 'to', id: 'figures-to', label: 'To', options, value: to })),
      h('div', { class: 'govuk-grid-column-one-third app-filters__action' }, button('Show figures')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams({ from: String(data.get('from')), to: String(data.get('to')) });
    const range = rangeOf(params, current);
    if (range.errors.length > 0) showErrors(form, range.errors);
    else go(`#/governance?${params}`);
  });
  return form;
}

function figuresFor(months: GovernanceMonth[], current: string): Child[] {
  const list = months.map((m) => m.month);
  const last = months.at(-1) as GovernanceMonth;
  const reviews = sum(months.map((m) => m.reviewsDecided));
  const onTime = sum(months.map((m) => m.reviewsOnTime));
  const logged = sum(months.map((m) => m.unansweredLogged));
  const checked = sum(months.map((m) => m.unansweredCheckedInTime));
  const byType = RESTRICTION_TYPES.map((t) => ({ label: t.title, value: sum(months.map((m) => m.strategiesPutInForce[t.type] ?? 0)) }));
  const behaviours = BEHAVIOURS.map((b) => ({ label: b.wording, value: sum(months.map((m) => m.incidentsByBehaviour[b.code] ?? 0)) })).filter((b) => b.value > 0);
  const lastLabel = last.month === current ? 'In force now' : `In force at the end of ${monthName(last.month)}`;
  const inForce = months.map((m) => m.inForceAtMonthEnd);
  const peak = Math.max(...inForce);

  return [
    h(
      'ul',
      { class: 'app-figures' },
      [
        [lastLabel, last.inForceAtMonthEnd],
        reviews > 0 ? [`Reviews decided on time (${onTime} of ${reviews})`, percent(onTime, reviews)] : ['Reviews decided', 0],
        ['Appeals received', sum(months.map((m) => m.appealsReceived))],
        logged > 0 ? [`Unanswered contacts checked in time (${checked} of ${logged})`, percent(checked, logged)] : ['Contacts logged without a reply', 0],
      ].map(([label, value]) => h('li', null, h('span', { class: 'app-figure' }, String(value)), h('span', { class: 'govuk-body' }, String(label)))),
    ),

    chartSection({
      title: 'Contact strategies in force',
      description: `Strategies in force at each month's end: ${inForce[0]} at the end of ${monthName(list[0] as string)}, ${last.inForceAtMonthEnd} at the end of ${monthName(last.month)}, at most ${peak}.`,
      months: list,
      series: [{ name: 'In force at the month’s end', values: inForce }],
      table: {
        head: ['Month', 'In force at the month’s end', 'Approved but not in force (no letter reached the person)'],
        rows: months.map((m) => [monthName(m.month), m.inForceAtMonthEnd, m.notNotified]),
      },
    }),
    table({ caption: 'Restrictions put in force in these months, by type', captionSize: 's', head: ['Restriction', 'Strategies'], numeric: [1], rows: byType.map((r) => [r.label, r.value]) }),

    chartSection({
      title: 'Reviews decided on time',
      description: `${reviews} review${reviews === 1 ? '' : 's'} decided in these months, ${onTime} of them on or before the review date (${percent(onTime, reviews)}).`,
      months: list,
      series: [
        { name: 'Reviews decided', values: months.map((m) => m.reviewsDecided) },
        { name: 'Decided on or before the review date', values: months.map((m) => m.reviewsOnTime) },
      ],
      table: {
        head: ['Month', 'Reviews decided', 'On or before the review date', 'On time'],
        rows: months.map((m) => [monthName(m.month), m.reviewsDecided, m.reviewsOnTime, percent(m.reviewsOnTime, m.reviewsDecided)]),
      },
    }),

    chartSection({
      title: 'Appeals and their outcomes',
      description: `${sum(months.map((m) => m.appealsReceived))} appeals received in these months; decided: ${sum(months.map((m) => m.appealOutcomes.UPHELD))} upheld, ${sum(months.map((m) => m.appealOutcomes.VARIED))} varied, ${sum(months.map((m) => m.appealOutcomes.ENDED))} ended; ${sum(months.map((m) => m.appealsOverdue))} not decided in time.`,
      months: list,
      series: [
        { name: 'Received', values: months.map((m) => m.appealsReceived) },
        { name: 'Strategy upheld', values: months.map((m) => m.appealOutcomes.UPHELD) },
        { name: 'Strategy varied', values: months.map((m) => m.appealOutcomes.VARIED) },
        { name: 'Strategy ended', values: months.map((m) => m.appealOutcomes.ENDED) },
      ],
      table: {
        head: ['Month', 'Received', 'Upheld', 'Varied', 'Ended', 'Not decided in time'],
        rows: months.map((m) => [monthName(m.month), m.appealsReceived, m.appealOutcomes.UPHELD, m.appealOutcomes.VARIED, m.appealOutcomes.ENDED, m.appealsOverdue]),
      },
    }),

    chartSection({
      title: 'Unanswered contacts checked in time',
      description: `${logged} contacts logged without a reply in these months, ${checked} of them checked by a second person in time (${percent(checked, logged, 'none logged')}).`,
      months: list,
      series: [
        { name: 'Logged without a reply', values: months.map((m) => m.unansweredLogged) },
        { name: 'Checked in time', values: months.map((m) => m.unansweredCheckedInTime) },
      ],
      table: {
        head: ['Month', 'Logged without a reply', 'Checked in time'],
        rows: months.map((m) => [monthName(m.month), m.unansweredLogged, m.unansweredCheckedInTime]),
      },
    }),

    h2('Letters that did not reach the person'),
    table({
      caption: 'Month by month',
      captionSize: 's',
      head: ['Month', 'Posted letters returned undelivered', 'Letters that could not be sent'],
      numeric: [1, 2],
      rows: months.map((m) => [monthName(m.month), m.lettersReturned, m.lettersFailed]),
    }),

    h2('Warnings, incidents and police referrals'),
    table({
      caption: 'Month by month',
      captionSize: 's',
      head: ['Month', 'Warnings sent', 'Strategies after a warning', 'Behaviours recorded in incidents', 'Police referrals'],
      numeric: [1, 2, 3, 4],
      rows: months.map((m) => [monthName(m.month), m.warningsSent, m.strategiesAfterWarning, sum(Object.values(m.incidentsByBehaviour)), m.policeReferrals]),
    }),
    behaviours.length > 0
      ? table({ caption: 'Behaviours recorded in incidents in these months', captionSize: 's', head: ['Behaviour', 'Times recorded'], numeric: [1], rows: behaviours.map((b) => [b.label, b.value]) })
      : p('No incidents were recorded in these months.'),
    h2('Contacts outside our remit'),
    table({
      caption: 'Contacts about something we do not deal with, signposted elsewhere, month by month',
      captionSize: 's',
      head: ['Month', 'Signposted elsewhere'],
      numeric: [1],
      rows: months.map((m) => [monthName(m.month), m.outsideRemit]),
    }),
  ];
}

const view: View = async ({ main, query }) => {
  const current = ukToday().slice(0, 7);
  const range = rangeOf(query, current);
  const picker = rangePicker(range.from, range.to, current);
  add(
    main,
    heading('Governance'),
    p(`Figures for ${monthName(range.from)} to ${monthName(range.to)}, by month in UK time. Reviews count as on time when decided on or before the review date; changes to a strategy after a breach are not reviews.`),
    picker,
  );
  if (range.errors.length > 0) {
    // Rendered into the page after this returns: show the errors once it is there.
    setTimeout(() => showErrors(picker, range.errors), 0);
    return 'Governance';
  }
  let f: GovernanceFigures;
  try {
    f = await get<GovernanceFigures>(`/governance/figures?from=${range.from}&to=${range.to}`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.problem.status !== 422) throw err;
    setTimeout(() => showErrors(picker, err.problem.errors.map((e) => ({ path: e.path.replace(/^query\./, ''), message: `Choose another range of months: ${e.message}` }))), 0);
    return 'Governance';
  }
  // The same figures as CSV for the Police and Crime Panel's papers: fetched with the token (a plain link could not send it).
  const csv = `/governance/figures.csv?from=${range.from}&to=${range.to}`;
  const csvLink = h('a', { class: 'govuk-link', href: `#${csv}`, id: 'figures-csv' }, 'Download figures (CSV)');
  csvLink.addEventListener('click', (e) => {
    e.preventDefault();
    void getBlob(csv).then((blob) => download(blob, `governance-figures-${range.from}-to-${range.to}.csv`));
  });
  add(main, h('div', { class: 'app-no-print govuk-button-group' }, button('Print these figures', { variant: 'secondary', type: 'button', onClick: () => window.print() }), csvLink), ...figuresFor(f.months, current));
  return 'Governance';
};
export default view;
