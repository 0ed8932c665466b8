/**
 * The governance figures as a table, for the Police and Crime Panel's papers (`GET
 * /governance/figures.csv`): one row a month, one column a figure. The columns come
 * from the figures' own shape (a breakdown such as restriction types or behaviours
 * gives one column each, named `figure.part`), so a figure added to the months
 * appears in the table without a change here. Pure: the CSV text is written by the use case.
 */

type Cell = string | number;

/** Flattens one month into `column → value`, in the order its fields are written. */
function flatten(value: unknown, prefix: string, out: Map<string, Cell>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, typeof value === 'number' ? value : String(value ?? ''));
}

/**
 * A spreadsheet reads a cell beginning `=`, `+`, `-` or `@` (or a tab or carriage
 * return) as a formula: such a text cell is written with a leading apostrophe, so it
 * is shown as the text it is. Numbers are written as numbers.
 */
export function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The header and one row a month: every column any month has, in first-seen order; a figure a month lacks is left empty. */
export function figuresTable(months: readonly object[]): { header: string[]; rows: Cell[][] } {
  const flat = months.map((m) => {
    const out = new Map<string, Cell>();
    flatten(m, '', out);
    return out;
  });
  const header = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  return { header: header.map((h) => String(safeCell(h))), rows: flat.map((m) => header.map((h) => safeCell(m.get(h) ?? ''))) };
}
