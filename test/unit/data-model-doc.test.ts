import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { itemKinds, TABLE_DEFINITION, type ItemKeys } from '../../lib/store/table.js';

/**
 * docs/data-model.md's "Items and keys" table against lib/store/table.ts: every kind
 * of item the code writes has a row, every key pattern and index key the code builds
 * is in that row, and the doc names no item kind, index or key the code lacks. The
 * patterns come from the key builders themselves (`itemKinds()`, called with
 * `<placeholder>` values), so a changed key fails here until the doc says so.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = 'docs/data-model.md';
const SOURCE = 'lib/store/table.ts';

const INDEXES = TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName);
/** Each index's key attributes, as `TABLE_DEFINITION` declares them. */
const INDEX_ATTRIBUTES = Object.fromEntries(TABLE_DEFINITION.globalSecondaryIndexes.map((g) => [g.indexName, [g.partitionKey, g.sortKey]])) as Record<string, [keyof ItemKeys, keyof ItemKeys]>;

interface Row {
  name: string;
  /** Column name (`pk`, `sk`, `GSI1`, ...) to the key patterns the cell names. */
  keys: Record<string, string[]>;
}

/** Splits a markdown table row on its unescaped pipes. */
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

/** The "Items and keys" table: its header and its rows. */
function docTable(markdown: string): { header: string[]; rows: Row[] } {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Items and keys\n'));
  if (!section) throw new Error(`${DOC} has no "## Items and keys" section`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const header = cells(lines[0] ?? '');
  const rows = lines.slice(2).map((line) => {
    const [entity = '', ...rest] = cells(line);
    const keys: Record<string, string[]> = {};
    header.slice(1).forEach((column, i) => {
      const cell = rest[i] ?? '';
      keys[column] = column.startsWith('GSI')
        ? // An index key is written as a pair: `partition` / `sort`.
          [...cell.matchAll(/`([^`]+)` \/ `([^`]+)`/g)].map((m) => `${m[1]} / ${m[2]}`)
        : // A table key cell: every code span is a key pattern.
          [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    });
    // The entity's name is the cell's text before any note in brackets.
    return { name: entity.replace(/\s*\(.*$/, '').trim(), keys };
  });
  return { header, rows };
}

/** The code's patterns for one item kind, column by column, each set gathered over its variants. */
function codeKeys(variants: ItemKeys[]): Record<string, string[]> {
  const gather = (pick: (v: ItemKeys) => string | undefined) => [...new Set(variants.map(pick).filter((k): k is string => k !== undefined))];
  return {
    pk: gather((v) => v.pk),
    sk: gather((v) => v.sk),
    ...Object.fromEntries(
      INDEXES.map((index) => {
        const [p, s] = INDEX_ATTRIBUTES[index]!;
        return [index, gather((v) => (v[p] !== undefined ? `${v[p]} / ${v[s]}` : undefined))];
      }),
    ),
  };
}

const doc = docTable(readFileSync(resolve(ROOT, DOC), 'utf8'));
const kinds = itemKinds();

describe(`${DOC} "Items and keys" against ${SOURCE}`, () => {
  it('has a column for the table keys and for every index the table defines, and no other', () => {
    expect(doc.header, `${DOC}'s key table header`).toEqual(['entity', 'pk', 'sk', ...INDEXES]);
  });

  it('has a row for every item kind the code writes, and none the code lacks', () => {
    const inDoc = doc.rows.map((r) => r.name);
    const inCode = kinds.map((k) => k.name);
    expect(
      {
        [`item kinds in ${SOURCE} (itemKinds) missing from ${DOC}`]: inCode.filter((n) => !inDoc.includes(n)),
        [`item kinds in ${DOC} that ${SOURCE} (itemKinds) lacks`]: inDoc.filter((n) => !inCode.includes(n)),
        [`item kinds named twice in ${DOC}`]: inDoc.filter((n, i) => inDoc.indexOf(n) !== i),
      },
      'the item kinds, compared both ways',
    ).toEqual({
      [`item kinds in ${SOURCE} (itemKinds) missing from ${DOC}`]: [],
      [`item kinds in ${DOC} that ${SOURCE} (itemKinds) lacks`]: [],
      [`item kinds named twice in ${DOC}`]: [],
    });
  });

  it('names every key and index key the code builds for each kind, and none it does not', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const kind of kinds) {
      const row = doc.rows.find((r) => r.name === kind.name);
      if (!row) continue; // reported by the test above
      for (const [column, patterns] of Object.entries(codeKeys(kind.variants))) {
        const documented = row.keys[column] ?? [];
        for (const p of patterns) if (!documented.includes(p)) missing.push(`${kind.name}, ${column}: \`${p.replace(' / ', '` / `')}\``);
        for (const p of documented) if (!patterns.includes(p)) extra.push(`${kind.name}, ${column}: \`${p.replace(' / ', '` / `')}\``);
      }
    }
    expect(
      { [`keys ${SOURCE} builds that ${DOC} does not name`]: missing, [`keys ${DOC} names that ${SOURCE} does not build`]: extra },
      'the key patterns, compared both ways',
    ).toEqual({ [`keys ${SOURCE} builds that ${DOC} does not name`]: [], [`keys ${DOC} names that ${SOURCE} does not build`]: [] });
  });

  it(`itemKinds() covers every key word ${SOURCE} spells (a new key builder must be added to it)`, () => {
    // The code of table.ts without its comments: every string and template literal in it.
    const code = readFileSync(resolve(ROOT, SOURCE), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const literals = [...code.matchAll(/'([^'\n]*)'|`([^`\n]*)`/g)].map((m) => m[1] ?? m[2]!);
    // The upper-case words keys are made of (`SU`, `CASEREF`, `POTENTIAL_BREACH`), not the index names.
    const words = new Set(literals.flatMap((l) => l.replace(/\$\{[^}]*\}/g, ' ').match(/[A-Z][A-Z0-9_]*[A-Z0-9]/g) ?? []).filter((w) => !(INDEXES as readonly string[]).includes(w)));
    const built = kinds.flatMap((k) => k.variants.flatMap((v) => Object.values(v))).join(' ');
    const uncovered = [...words].filter((w) => !new RegExp(`(^|[^A-Z0-9_])${w}([^A-Z0-9_]|$)`).test(built));
    expect(words.size, 'key words found in table.ts').toBeGreaterThan(20);
    expect(uncovered, `words in ${SOURCE}'s keys that no entry of itemKinds() builds`).toEqual([]);
  });
});
