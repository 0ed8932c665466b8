/**
 * `npx tsx bench/variants.ts <variant>[+<variant>...] ... [-- <function> ...]`: what a
 * change to modules the bench does not own would save at init, measured rather than
 * guessed. Each bench/variants/<name>.patch is applied to a temporary copy of lib/ and
 * functions/ (never to the tree); every function (the API functions by default) is
 * bundled from the tree and from each variant, and timed with its bare baseline in the
 * same rounds. `a+b` applies both patches.
 *
 * `no-source-maps` is not a patch: the function as it is, and its bare baseline, started
 * without NODE_OPTIONS' `--enable-source-maps`.
 *
 * A patch that no longer applies is reported, not forced: the code it was written
 * against has changed, and so may the saving.
 *
 * BENCH_VARIANT_RUNS (default 15) sets the runs; medians of CPU ms.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareHandlerSource, bundle, coldInit, ROOT, sdkUsageOf, splitByGrant, type Bundle } from './cold-start.js';

const RUNS = Number(process.env.BENCH_VARIANT_RUNS ?? 15);
const PATCHES = join(ROOT, 'bench', 'variants');
const NO_SOURCE_MAPS = 'no-source-maps';

/** A copy of the parts of the repository a bundle reads, with the patches applied; undefined if one does not apply. */
function variantRoot(dir: string, patches: string[]): string | undefined {
  const root = join(dir, patches.join('+'));
  mkdirSync(root, { recursive: true });
  for (const part of ['lib', 'functions', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  for (const p of patches) {
    const file = join(PATCHES, `${p}.patch`);
    if (!existsSync(file)) throw new Error(`no bench/variants/${p}.patch`);
    try {
      execFileSync('git', ['apply', '-p1', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      console.log(`- ${p}: does not apply to the code as it is now (${String((err as { stderr?: Buffer }).stderr ?? err).split('\n')[0]})`);
      return undefined;
    }
  }
  return root;
}

async function main() {
  const args = process.argv.slice(2);
  const split = args.indexOf('--');
  const variants = split < 0 ? args : args.slice(0, split);
  const { FUNCTIONS } = await import('../lib/functions-manifest.js');
  const names = split < 0 ? FUNCTIONS.filter((f) => f.kind === 'api').map((f) => f.name) : args.slice(split + 1);
  if (!variants.length) throw new Error('name at least one variant: bench/variants/<name>.patch');
  const dir = mkdtempSync(join(tmpdir(), 'contact-strategy-variants-'));
  console.log(`Variants — node ${process.version}, ${RUNS} runs, medians of init CPU ms; each function, its variants and its bare baseline in the same rounds\n`);
  try {
    const roots = new Map<string, string>();
    for (const v of variants) {
      if (v === NO_SOURCE_MAPS) continue;
      const root = variantRoot(dir, v.split('+'));
      if (root) roots.set(v, root);
    }
    const noMaps = variants.includes(NO_SOURCE_MAPS);
    const columns = [...roots.keys(), ...(noMaps ? [NO_SOURCE_MAPS] : [])];
    console.log(`| function | as is | ${columns.map((v) => `${v} (saving)`).join(' | ')} | bare | ratio as is | ${columns.map((v) => `ratio ${v}`).join(' | ')} |`);
    console.log(`|---|---|${columns.map(() => '---|').join('')}---|---|${columns.map(() => '---|').join('')}`);
    for (const name of names) {
      const spec = FUNCTIONS.find((f) => f.name === name);
      if (!spec) throw new Error(`${name} is not in lib/functions-manifest.ts`);
      const out = join(dir, 'out', name);
      const asIs = await bundle({ entry: join(ROOT, 'functions', `${name}.ts`) }, join(out, 'as-is.mjs'));
      const bundles: Bundle[] = [];
      for (const [v, root] of roots) bundles.push(await bundle({ entry: join(root, 'functions', `${name}.ts`) }, join(out, `${v}.mjs`), [], root));
      const bare = await bundle({ contents: bareHandlerSource(splitByGrant(sdkUsageOf(asIs), spec.access).granted) }, join(out, 'bare.mjs'));
      const files = [asIs.file, ...bundles.map((b) => b.file), bare.file, ...(noMaps ? [{ file: asIs.file, flags: [] }, { file: bare.file, flags: [] }] : [])];
      const times = coldInit(files, RUNS).map((t) => t.cpu);
      const [base, ...rest] = times;
      const variantTimes = rest.slice(0, bundles.length);
      const bareCpu = rest[bundles.length]!;
      const kb = (b: Bundle) => `${(b.bytes / 1024).toFixed(0)} KB`;
      const cells = variantTimes.map((t, i) => `${t.toFixed(1)} ms, ${kb(bundles[i]!)} (${(base! - t).toFixed(1)})`);
      const ratios = [base! / bareCpu, ...variantTimes.map((t) => t / bareCpu)];
      if (noMaps) {
        const [fnNoMaps, bareNoMaps] = rest.slice(bundles.length + 1) as [number, number];
        cells.push(`${fnNoMaps.toFixed(1)} ms (${(base! - fnNoMaps).toFixed(1)}); bare ${bareNoMaps.toFixed(1)} ms (${(bareCpu - bareNoMaps).toFixed(1)})`);
        ratios.push(fnNoMaps / bareNoMaps);
      }
      console.log(`| ${name} | ${base!.toFixed(1)} ms, ${kb(asIs)} | ${cells.join(' | ')} | ${bareCpu.toFixed(1)} ms | ${ratios.map((r) => r.toFixed(2)).join(' | ')} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
