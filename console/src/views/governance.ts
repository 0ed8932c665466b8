import { get } from '../api.js';
import { add, h, svg } from '../dom.js';
import { h2, heading, p, table } from '../govuk.js';
import { BEHAVIOURS, BREACH_ACTIONS, formatDate, RESTRICTION_TYPES, STRATEGY_STATUS } from '../labels.js';
import type { View } from '../shell.js';
import type { GovernanceFigures as Figures } from '../../../lib/schemas/governance.js';


/**
 * A horizontal bar chart. It is decorative for assistive technology: the table
 * that follows it carries the same figures and is what screen readers read.
 */
function barChart(rows: { label: string; value: number }[]): SVGElement {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 32;
  const labelW = 330;
  const barW = 360;
  return svg(
    'svg',
    { class: 'app-chart', viewBox: `0 0 ${labelW + barW + 50} ${rows.length * rowH + 10}`, width: labelW + barW + 50, height: rows.length * rowH + 10, 'aria-hidden': 'true', focusable: 'false' },
    rows.map((r, i) => [
      svg('text', { x: labelW - 10, y: i * rowH + 22, 'text-anchor': 'end' }, r.label.length > 44 ? `${r.label.slice(0, 42)}…` : r.label),
      svg('rect', { x: labelW, y: i * rowH + 6, width: Math.max(2, (r.value / max) * barW), height: rowH - 12, fill: '#1d70b8' }),
      svg('text', { x: labelW + Math.max(2, (r.value / max) * barW) + 8, y: i * rowH + 22 }, String(r.value)),
    ]),
  );
}

const monthName = (m: string) => new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));

const view: View = async ({ main }) => {
  const f = await get<Figures>('/governance/figures');
  const inForce = (f.strategiesByStatus.ACTIVE ?? 0) + (f.strategiesByStatus.REVIEW_DUE ?? 0);
  const totalIncidents = f.incidentsByBehaviourByMonth.reduce((a, m) => a + m.incidents, 0);
  const byType = RESTRICTION_TYPES.map((t) => ({ label: t.title, value: f.inForceByRestrictionType[t.type] ?? 0 }));
  const behaviourTotals = BEHAVIOURS.map((b) => ({ code: b.code, label: b.wording.replace(/[,.].*$/, ''), value: f.incidentsByBehaviourByMonth.reduce((a, m) => a + (m.counts[b.code] ?? 0), 0) })).filter((b) => b.value > 0).sort((a, b) => b.value - a.value);
  const onTimePct = f.reviews.decided ? Math.round((f.reviews.onTime / f.reviews.decided) * 100) : undefined;
  const recent = f.incidentsByBehaviourByMonth.slice(-6);

  add(
    main,
    heading('Governance'),
    p(`Figures at ${formatDate(f.generatedAt)}. Incidents since ${formatDate(f.since)}.`),
    h(
      'ul',
      { class: 'app-figures' },
      [
        ['Strategies in force', inForce],
        ['Awaiting decision', f.strategiesByStatus.PENDING_APPROVAL ?? 0],
        ['Incidents', totalIncidents],
        ['Reviews on time', onTimePct === undefined ? 'None yet' : `${onTimePct}%`],
        ['Breaches awaiting decision', f.breachesByStatus.REPORTED ?? 0],
      ].map(([label, value]) => h('li', null, h('span', { class: 'app-figure' }, String(value)), h('span', { class: 'govuk-body' }, String(label)))),
    ),
    h2('Strategies in force by restriction type'),
    barChart(byType),
    table({ caption: 'Strategies in force using each restriction', captionSize: 's', head: ['Restriction', 'Strategies'], numeric: [1], rows: byType.map((r) => [r.label, r.value]) }),
    h2('Strategies by status'),
    table({ head: ['Status', 'Strategies'], numeric: [1], rows: Object.entries(STRATEGY_STATUS).map(([k, v]) => [v.text, f.strategiesByStatus[k] ?? 0]) }),
    h2('Incidents by behaviour'),
    behaviourTotals.length ? barChart(behaviourTotals.map((b) => ({ label: b.label, value: b.value }))) : p('No incidents in the period.'),
    table({
      caption: 'Incidents by month, last 6 months',
      captionSize: 's',
      head: ['Month', 'Incidents', 'Unreasonable persistence', 'Unacceptable behaviour'],
      numeric: [1, 2, 3],
      rows: recent.map((m) => {
        const sum = (g: string) => BEHAVIOURS.filter((b) => b.group === g).reduce((a, b) => a + (m.counts[b.code] ?? 0), 0);
        return [monthName(m.month), m.incidents, sum('UNREASONABLE_PERSISTENCE'), sum('UNACCEPTABLE_BEHAVIOUR')];
      }),
    }),
    behaviourTotals.length ? table({ caption: 'Behaviours recorded in the period', captionSize: 's', head: ['Behaviour', 'Times recorded'], numeric: [1], rows: behaviourTotals.map((b) => [b.label, b.value]) }) : null,
    h2('Reviews'),
    table({ head: ['Reviews decided', 'Number'], numeric: [1], rows: [['On time', f.reviews.onTime], ['Late (more than 7 days after falling due)', f.reviews.late], ['Extended', f.reviews.outcomes.EXTENDED ?? 0], ['Varied', f.reviews.outcomes.VARIED ?? 0], ['Ended', f.reviews.outcomes.ENDED ?? 0]] }),
    h2('Breaches and outcomes'),
    table({ head: ['Breaches', 'Number'], numeric: [1], rows: [['Awaiting decision', f.breachesByStatus.REPORTED ?? 0], ['Decided', f.breachesByStatus.DECIDED ?? 0], ...BREACH_ACTIONS.map((a) => [a.text, f.breachActions[a.value] ?? 0] as [string, number])] }),
  );
  return 'Governance';
};
export default view;
