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
import { bareHandlerSource, bundle, coldInit, describeUsage, initProfile, ROOT, sdkUsageOf, splitByGrant, type InitProfile } from './cold-start.js';

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

async function main() {
  const { FUNCTIONS } = await import('../lib/functions-manifest.js');
  const names = process.argv.slice(2).length ? process.argv.slice(2) : FUNCTIONS.filter((f) => f.kind === 'api').map((f) => f.name);
  const dir = mkdtempSync(join(tmpdir(), 'contact-strategy-init-'));
  console.log(`Init profile — node ${process.version}, ${RUNS} runs per bundle, medians of CPU ms (user + system, all threads)\n`);
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
      console.log('\nModules with more than 0.3 ms of top-level CPU:\n');
      for (const m of fn.modules.filter((m) => m.cpu > 0.3).sort((a, b) => b.cpu - a.cpu)) console.log(`- ${m.module}: ${m.cpu.toFixed(1)} ms`);
      console.log('');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
