/**
 * `npx tsx bench/init-profile.ts [function ...]`: where each function's init CPU goes,
 * package by package, against its bare baseline (bench/cold-start.ts). Defaults to the
 * API functions. Prints markdown for docs/benchmark.md.
 *
 * BENCH_PROFILE_RUNS (default 15) sets the runs per bundle; medians throughout.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareHandlerSource, bundle, coldInit, describeUsage, initProfile, ROOT, sdkUsageOf, splitByGrant, type ColdTime, type InitProfile, type ModuleTime } from './cold-start.js';

const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 15);

interface PackageRow {
  package: string;
  kb: number;
  cpu: number;
  bareKb: number;
  bareCpu: number;
}

function byPackage(fn: InitProfile, bare: InitProfile): PackageRow[] {
  const rows = new Map<string, PackageRow>();
  const row = (p: string) => rows.get(p) ?? rows.set(p, { package: p, kb: 0, cpu: 0, bareKb: 0, bareCpu: 0 }).get(p)!;
  for (const m of fn.modules) {
    // Our own code by folder (lib/store, lib/schemas...), a top-level lib file by itself.
    const parts = m.package.split('/');
    const r = row(!m.package.startsWith('@') && parts.length > 2 ? parts.slice(0, 2).join('/') : m.package);
    r.kb += m.bytes / 1024;
    r.cpu += m.cpu;
  }
  for (const m of bare.modules) {
    const r = row(m.package.startsWith('bare-handler') || m.package === '<stdin>' ? '(bare handler)' : m.package);
    r.bareKb += m.bytes / 1024;
    r.bareCpu += m.cpu;
  }
  return [...rows.values()].sort((a, b) => b.cpu - b.bareCpu - (a.cpu - a.bareCpu));
}

const f1 = (n: number) => (Math.abs(n) < 0.05 ? '0' : n.toFixed(1));

/** The summary's columns: where each module of a function's bundle belongs. */
const CATEGORIES = ['SDK and clients', 'zod', 'Powertools logger', 'middy', 'lib/config.ts', 'lib/domain/calendar.ts', 'other own code', 'other packages'] as const;
type Category = (typeof CATEGORIES)[number];

function categoryOf(m: ModuleTime, barePackages: Set<string>): Category {
  if (m.module === 'lib/config.ts' || m.module === 'lib/domain/calendar.ts') return m.module;
  if (barePackages.has(m.package) || m.module.startsWith('lib/clients/')) return 'SDK and clients';
  if (m.package === 'zod') return 'zod';
  if (m.package.startsWith('@aws-lambda-powertools/')) return 'Powertools logger';
  if (m.package === '@middy/core') return 'middy';
  if (m.package.startsWith('lib/') || m.package.startsWith('functions/')) return 'other own code';
  return 'other packages';
}

interface Summary {
  name: string;
  ratio: number;
  fnCpu: number;
  bareCpu: number;
  compile: [number, number];
  bareTopLevel: number;
  byCategory: Map<Category, { kb: number; cpu: number }>;
}

function summarise(name: string, fnTime: ColdTime, bareTime: ColdTime, fn: InitProfile, bare: InitProfile): Summary {
  const barePackages = new Set(bare.modules.map((m) => m.package));
  const byCategory = new Map<Category, { kb: number; cpu: number }>(CATEGORIES.map((c) => [c, { kb: 0, cpu: 0 }]));
  for (const m of fn.modules) {
    const c = byCategory.get(categoryOf(m, barePackages))!;
    c.kb += m.bytes / 1024;
    c.cpu += m.cpu;
  }
  return {
    name,
    ratio: fnTime.cpu / bareTime.cpu,
    fnCpu: fnTime.cpu,
    bareCpu: bareTime.cpu,
    compile: [fn.compile, bare.compile],
    bareTopLevel: bare.modules.reduce((s, m) => s + m.cpu, 0),
    byCategory,
  };
}

async function main() {
  const { FUNCTIONS } = await import('../lib/functions-manifest.js');
  const names = process.argv.slice(2).length ? process.argv.slice(2) : FUNCTIONS.filter((f) => f.kind === 'api').map((f) => f.name);
  const dir = mkdtempSync(join(tmpdir(), 'contact-strategy-init-'));
  console.log(`Init profile — node ${process.version}, ${RUNS} runs per bundle, medians of CPU ms (user + system, all threads)\n`);
  const summaries: Summary[] = [];
  try {
    for (const name of names) {
      const fnDir = join(dir, name);
      mkdirSync(join(fnDir, 'bare'), { recursive: true });
      const fnBundle = await bundle({ entry: join(ROOT, 'functions', `${name}.ts`) }, join(fnDir, 'fn.mjs'));
      const spec = FUNCTIONS.find((f) => f.name === name);
      if (!spec) throw new Error(`${name} is not in lib/functions-manifest.ts`);
      const { granted: usage, notGranted } = splitByGrant(sdkUsageOf(fnBundle), spec.access);
      const bareSource = bareHandlerSource(usage);
      const bareBundle = await bundle({ contents: bareSource }, join(fnDir, 'bare.mjs'));
      const [fnTime, bareTime] = coldInit([fnBundle.file, bareBundle.file], RUNS);
      const fn = await initProfile({ entry: join(ROOT, 'functions', `${name}.ts`) }, fnDir, RUNS);
      const bare = await initProfile({ contents: bareSource }, join(fnDir, 'bare'), RUNS);
      console.log(`### ${name}\n`);
      console.log(`SDK clients and commands granted (the baseline imports the same): ${describeUsage(usage) || 'none'}`);
      if (notGranted.size) console.log(`Bundled but not granted, so dead weight at init: ${describeUsage(notGranted)}`);
      console.log('');
      console.log(`| | bundle | init CPU (import, no markers) | compile (before first module) | top-level code |`);
      console.log(`|---|---|---|---|---|`);
      const top = (p: InitProfile) => p.modules.reduce((s, m) => s + m.cpu, 0);
      console.log(`| function | ${(fnBundle.bytes / 1024).toFixed(0)} KB | ${fnTime!.cpu.toFixed(1)} ms (IQR ${fnTime!.cpuIqr.toFixed(1)}) | ${fn.compile.toFixed(1)} ms | ${top(fn).toFixed(1)} ms |`);
      console.log(`| bare | ${(bareBundle.bytes / 1024).toFixed(0)} KB | ${bareTime!.cpu.toFixed(1)} ms (IQR ${bareTime!.cpuIqr.toFixed(1)}) | ${bare.compile.toFixed(1)} ms | ${top(bare).toFixed(1)} ms |`);
      console.log(`| ratio | ${(fnBundle.bytes / bareBundle.bytes).toFixed(2)} | **${(fnTime!.cpu / bareTime!.cpu).toFixed(2)}** | ${(fn.compile / bare.compile).toFixed(2)} | |\n`);
      console.log(`| package / our folder | KB | top-level CPU ms | bare KB | bare top-level CPU ms |`);
      console.log(`|---|---|---|---|---|`);
      for (const r of byPackage(fn, bare)) {
        if (r.kb < 0.5 && r.bareKb < 0.5 && Math.abs(r.cpu - r.bareCpu) < 0.1) continue;
        console.log(`| ${r.package} | ${f1(r.kb)} | ${f1(r.cpu)} | ${f1(r.bareKb)} | ${f1(r.bareCpu)} |`);
      }
      summaries.push(summarise(name, fnTime!, bareTime!, fn, bare));
      console.log('\nModules with more than 0.3 ms of top-level CPU:\n');
      for (const m of fn.modules.filter((m) => m.cpu > 0.3).sort((a, b) => b.cpu - a.cpu)) console.log(`- ${m.module}: ${m.cpu.toFixed(1)} ms`);
      console.log('');
    }
    console.log('### Summary\n');
    console.log('Init CPU ms of the function and its bare baseline; compiling (before the first module runs); then, by part of the bundle, KB in the bundle / ms of top-level CPU.\n');
    console.log(`| function | init CPU (bare) | ratio | compile (bare) | ${CATEGORIES.join(' | ')} |`);
    console.log(`|---|---|---|---|${CATEGORIES.map(() => '---|').join('')}`);
    for (const s of summaries) {
      const cells = CATEGORIES.map((c) => {
        const v = s.byCategory.get(c)!;
        return c === 'SDK and clients' ? `${f1(v.kb)} / ${f1(v.cpu)} (bare ${f1(s.bareTopLevel)})` : `${f1(v.kb)} / ${f1(v.cpu)}`;
      });
      console.log(`| ${s.name} | ${s.fnCpu.toFixed(1)} (${s.bareCpu.toFixed(1)}) | ${s.ratio.toFixed(2)} | ${s.compile[0].toFixed(1)} (${s.compile[1].toFixed(1)}) | ${cells.join(' | ')} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
