import { describe, expect, it } from 'vitest';
import { governanceFigures } from '../../lib/domain/governance.js';
import { figuresTable, safeCell } from '../../lib/domain/figures-table.js';
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';
import { RESTRICTION_TYPES } from '../../lib/schemas/vocabulary.js';

describe("the governance figures as the Panel's table", () => {
  const figures = governanceFigures({ from: '2026-01', to: '2026-03', tallies: new Map([['2026-02', { policeReferrals: 2, 'strategiesPutInForce:NO_TELEPHONE': 1 }]]), undecidedOverdueAppeals: {} });

  it('has one row a month and one column a figure, each restriction type and behaviour a column of its own', () => {
    const { header, rows } = figuresTable(figures.months);
    expect(rows.map((r) => r[0])).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(header[0]).toBe('month');
    for (const t of RESTRICTION_TYPES) expect(header).toContain(`strategiesPutInForce.${t}`);
    for (const b of BEHAVIOURS) expect(header).toContain(`incidentsByBehaviour.${b.code}`);
    expect(header).toContain('appealOutcomes.VARIED');
    const row = rows[1]!;
    expect(row[header.indexOf('policeReferrals')]).toBe(2);
    expect(row[header.indexOf('strategiesPutInForce.NO_TELEPHONE')]).toBe(1);
  });

  it('takes its columns from the shape: a figure added later is a column without a change', () => {
    const { header, rows } = figuresTable(figures.months.map((m) => ({ ...m, figureAddedLater: 4, breakdownAddedLater: { people: 1 } })));
    expect(header.slice(-2)).toEqual(['figureAddedLater', 'breakdownAddedLater.people']);
    expect(rows[0]!.slice(-2)).toEqual([4, 1]);
  });

  it('never writes a text cell a spreadsheet would read as a formula', () => {
    for (const bad of ['=1+1', '+44', '-2', '@SUM(A1)', '\tx']) expect(String(safeCell(bad)).startsWith("'")).toBe(true);
    expect(safeCell('2026-01')).toBe('2026-01');
    expect(safeCell(3)).toBe(3);
  });
});
