import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documentation stands alone: every link in README.md and docs/ resolves inside
 * the repository, and every file path the prose names in a code span exists. A
 * moved or renamed file then fails here instead of leaving a dead pointer.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README_MAX_LINES = 250;

/**
 * Paths the docs may name before the change that creates them lands (a file a
 * document describes ahead of the code). Empty while nothing is pending: then every
 * path the docs name must exist like any other.
 */
const PENDING = new Set<string>([]);

/** Top-level folders whose paths, written in a code span, are taken as references to files. */
const CODE_ROOTS = ['lib', 'functions', 'local', 'infra', 'test', 'console', 'bench', 'scripts', 'assets', 'docs'];

/** Build outputs (`console/dist`): git-ignored folders, named in the docs but absent from a fresh clone. */
const BUILT = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.endsWith('/') && !l.startsWith('#'))
  .map((l) => l.replace(/^\//, '').replace(/\/$/, ''));
const isBuilt = (path: string) => BUILT.some((b) => path === b || path.startsWith(`${b}/`));

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...walk('docs')];
}

/** The text with fenced code blocks blanked out (links inside them are examples, not links). */
function withoutFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Targets of inline links and images, `[text](target)` / `![alt](target)`, and of reference definitions. */
function linkTargets(text: string): string[] {
  const prose = withoutFences(text).replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const defined = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!);
  return [...inline, ...defined];
}

/** Code spans that name a repository path (`lib/domain/screening.ts`, `docs/decisions/`). */
function codePaths(text: string): string[] {
  const spans = [...withoutFences(text).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
  return spans.filter((s) => {
    const top = s.split('/')[0]!;
    // Placeholders and globs (`functions/<name>.ts`, `lib/clients/*.ts`) describe a pattern, not one file.
    return s.includes('/') && CODE_ROOTS.includes(top) && /^[\w./-]+$/.test(s) && !s.includes('..');
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);
const insideRepo = (abs: string) => abs === ROOT || abs.startsWith(ROOT + sep);

interface Problem {
  file: string;
  target: string;
  why: string;
}

function problemsIn(file: string): Problem[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const here = dirname(join(ROOT, file));
  const problems: Problem[] = [];

  for (const target of linkTargets(text)) {
    if (isExternal(target)) continue;
    const [rawPath, anchor] = target.split('#', 2) as [string, string | undefined];
    const path = decodeURIComponent(rawPath);
    const abs = path === '' ? join(ROOT, file) : path.startsWith('/') ? join(ROOT, path) : resolve(here, path);
    if (!insideRepo(abs)) {
      problems.push({ file, target, why: 'leaves the repository' });
      continue;
    }
    const repoPath = relative(ROOT, abs).split(sep).join('/');
    if (!existsSync(abs)) {
      if (!PENDING.has(repoPath)) problems.push({ file, target, why: `${repoPath} does not exist` });
      continue;
    }
    if (anchor && abs.endsWith('.md') && statSync(abs).isFile() && !anchorsOf(readFileSync(abs, 'utf8')).has(anchor)) {
      problems.push({ file, target, why: `no heading #${anchor} in ${repoPath}` });
    }
  }

  for (const path of codePaths(text)) {
    const clean = path.replace(/\/$/, '');
    if (!existsSync(join(ROOT, clean)) && !PENDING.has(clean) && !isBuilt(clean)) problems.push({ file, target: path, why: `${clean} does not exist` });
  }
  return problems;
}

describe('the documentation', () => {
  const files = markdownFiles();

  it(`keeps the README to at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\n$/, '').split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links only to files and headings that exist inside the repository, and names only paths that exist', () => {
    const problems = new Set(files.flatMap(problemsIn).map((p) => `${p.file}: ${p.target} (${p.why})`));
    expect([...problems]).toEqual([]);
  });

  it('keeps no pending path that already exists (each one must now be checked like the rest)', () => {
    const landed = [...PENDING].filter((p) => existsSync(join(ROOT, p)));
    expect(landed).toEqual([]);
  });

  it('points at nothing outside the repository, not even in prose', () => {
    const outside = files.filter((f) => /\.\.\/shared|api-contract\.md/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('finds links, anchors and code paths the way the checks above assume', () => {
    const sample = [
      'See [the model](docs/data-model.md#the-single-table) and ![shot](docs/screenshots/01-screening-desk.png).',
      '`lib/domain/screening.ts`, `functions/<name>.ts`, `lib/clients/*.ts`',
      '```sh',
      '[not a link](nowhere.md) `lib/nowhere.ts`',
      '```',
      '[ref]: ../outside.md',
    ].join('\n');
    expect(linkTargets(sample)).toEqual(['docs/data-model.md#the-single-table', 'docs/screenshots/01-screening-desk.png', '../outside.md']);
    expect(codePaths(sample)).toEqual(['lib/domain/screening.ts']);
    expect([...anchorsOf('# The single table\n## Why: `one` table?\n## Why: one table?')]).toEqual(['the-single-table', 'why-one-table', 'why-one-table-1']);
  });
});
