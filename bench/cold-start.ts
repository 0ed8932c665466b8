/**
 * Cold start, measured the way a function is deployed: bundled with the very
 * options CDK uses (infra/constructs/lambda-function.ts), imported by a fresh
 * `node` started with the functions' NODE_OPTIONS, and compared with a bare
 * handler that imports the same AWS SDK clients, commands and errors — found in
 * the function's own bundle, not kept by hand.
 *
 * Used by `npm run bench` (the table) and bench/init-profile.ts (where the time goes).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { LAMBDA_BUNDLING, LAMBDA_NODE_OPTIONS } from '../infra/constructs/lambda-function.js';

export const ROOT = resolve(import.meta.dirname, '..');

/** Settings for every cold `node` the bench starts. */
export const COLD_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // The settings a deployed function is given (placeholders: nothing is called at init).
  TABLE_NAME: 'contact-strategy',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:contact-strategy-lifecycle',
  POST_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/contact-strategy-post',
  POST_PACK_BUCKET: 'contact-strategy-post-packs',
  POLICY_DOCUMENT_KEY: 'policy/contact-policy.pdf',
  DISPOSAL_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/contact-strategy-disposal',
  INBOUND_EMAIL_BUCKET: 'contact-strategy-inbound-email',
  FROM_EMAIL: 'no-reply@opcc.example',
  SOM_EMAIL: 'som@opcc.example',
  SES_CONFIGURATION_SET: 'contact-strategy',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

// --- bundling as CDK does ------------------------------------------------------

/**
 * CDK's NodejsFunction runs `esbuild --bundle <entry> --platform=node ...` with
 * flags made from its bundling props; these are the same settings for the esbuild
 * API. A prop the bench does not mirror fails here, so the two cannot drift apart.
 */
export function esbuildOptionsOfCdk(b: typeof LAMBDA_BUNDLING = LAMBDA_BUNDLING): BuildOptions {
  const mirrored = new Set(['format', 'target', 'mainFields', 'banner', 'minify', 'sourceMap', 'sourceMapMode', 'sourcesContent', 'externalModules', 'esbuildArgs']);
  const unknown = Object.keys(b).filter((k) => !mirrored.has(k));
  if (unknown.length) throw new Error(`bench/cold-start.ts does not mirror the bundling option(s) ${unknown.join(', ')}`);
  const args = ('esbuildArgs' in b ? (b.esbuildArgs as Record<string, string | boolean>) : {}) ?? {};
  const fromArgs: BuildOptions = {};
  for (const [flag, value] of Object.entries(args)) {
    if (flag === '--tree-shaking') fromArgs.treeShaking = value === true || value === 'true';
    else if (flag === '--legal-comments') fromArgs.legalComments = value as BuildOptions['legalComments'];
    else if (flag === '--ignore-annotations') fromArgs.ignoreAnnotations = value === true;
    else throw new Error(`bench/cold-start.ts does not mirror the esbuild argument ${flag}`);
  }
  return {
    bundle: true,
    platform: 'node',
    format: b.format as BuildOptions['format'],
    target: b.target,
    mainFields: [...b.mainFields],
    banner: { js: b.banner },
    minify: b.minify,
    sourcemap: b.sourceMap,
    sourcesContent: b.sourcesContent,
    external: [...b.externalModules],
    ...fromArgs,
    absWorkingDir: ROOT,
    logLevel: 'silent',
  };
}

export interface Bundle {
  file: string;
  bytes: number;
  metafile: Metafile;
  /** The root the metafile's paths are relative to. */
  root: string;
}

/**
 * Bundles a module (a path, or source text resolved from `root`) as CDK would.
 * `root` is the repository root, or a copy of it (bench/variants.ts).
 */
export async function bundle(source: { entry: string } | { contents: string }, outfile: string, plugins: Plugin[] = [], root = ROOT): Promise<Bundle> {
  const result = await build({
    ...esbuildOptionsOfCdk(),
    ...('entry' in source ? { entryPoints: [source.entry] } : { stdin: { contents: source.contents, resolveDir: root, loader: 'ts', sourcefile: 'bare-handler.ts' } }),
    absWorkingDir: root,
    outfile,
    metafile: true,
    plugins,
  });
  const out = result.metafile.outputs[relative(root, outfile)];
  if (!out) throw new Error(`esbuild wrote no ${outfile}`);
  return { file: outfile, bytes: out.bytes, metafile: result.metafile, root };
}

/** The modules whose code is in the bundle (tree-shaken ones are listed with 0 bytes). */
export function keptInputs(b: Bundle): Map<string, number> {
  const out = b.metafile.outputs[relative(b.root, b.file)]!;
  return new Map(Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([p, v]) => [p, v.bytesInOutput]));
}

/** `@aws-sdk/client-dynamodb`, `zod`, or `lib/http.ts` for a project file. */
export function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : input;
}

// --- the SDK a function uses ---------------------------------------------------

/** Value imports from each `@aws-sdk/*` package, e.g. `{ '@aws-sdk/lib-dynamodb': ['GetCommand', ...] }`. */
export type SdkUsage = Map<string, Set<string>>;

/**
 * What a bundle takes from the AWS SDK: every value the project's own modules in
 * the bundle import from an `@aws-sdk/*` package (clients, commands, errors).
 * Read from the sources the metafile names, so a module tree-shaken away or
 * imported only for its types counts for nothing.
 */
export function sdkUsageOf(b: Bundle): SdkUsage {
  const usage: SdkUsage = new Map();
  for (const input of keptInputs(b).keys()) {
    if (input.includes('node_modules') || !/\.[cm]?[jt]s$/.test(input)) continue;
    const path = join(b.root, input);
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const stmt of file.statements) {
      if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const pkg = stmt.moduleSpecifier.text;
      if (!pkg.startsWith('@aws-sdk/')) continue;
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const names = usage.get(pkg) ?? new Set<string>();
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
      } else if (bindings || clause.name) {
        throw new Error(`${input}: a namespace or default import of ${pkg}; name what is used so the bench can compare like with like`);
      }
      if (names.size) usage.set(pkg, names);
    }
  }
  return usage;
}

/** Which `access` grant of lib/functions-manifest.ts lets a function call each SDK package. */
const GRANT_OF: Record<string, (access: Record<string, unknown>) => boolean> = {
  '@aws-sdk/client-dynamodb': (a) => !!a.table,
  '@aws-sdk/lib-dynamodb': (a) => !!a.table,
  '@aws-sdk/client-sesv2': (a) => !!a.sendEmail,
  '@aws-sdk/client-sqs': (a) => !!a.sendPost || a.disposal === 'start',
  '@aws-sdk/client-s3': (a) => !!a.postPacks || !!a.policyDocument || !!a.inboundEmail || a.disposal === 'carry-out',
  '@aws-sdk/client-sfn': (a) => Array.isArray(a.workflow) && a.workflow.length > 0,
};

/**
 * Splits a bundle's SDK usage by the function's grants: a client the function has no
 * IAM grant for can never send anything, so it is dead weight at init, and the bare
 * baseline does not get it for free. A package with no known grant counts as granted.
 */
export function splitByGrant(u: SdkUsage, access: object): { granted: SdkUsage; notGranted: SdkUsage } {
  const granted: SdkUsage = new Map();
  const notGranted: SdkUsage = new Map();
  for (const [pkg, names] of u) ((GRANT_OF[pkg]?.(access as Record<string, unknown>) ?? true) ? granted : notGranted).set(pkg, names);
  return { granted, notGranted };
}

export const usageKey = (u: SdkUsage) =>
  [...u].sort(([a], [b]) => a.localeCompare(b)).map(([pkg, names]) => `${pkg}:${[...names].sort().join(',')}`).join(' ');

/** Short form for a table: `dynamodb(Get,Query,TransactWrite…) sfn(StartExecution…)`. */
export function describeUsage(u: SdkUsage): string {
  const byService = new Map<string, string[]>();
  for (const [pkg, names] of u) {
    const service = pkg.replace('@aws-sdk/', '').replace(/^client-|^lib-/, '');
    const key = service === 'dynamodb' ? 'dynamodb' : service;
    const list = byService.get(key) ?? [];
    for (const n of names) if (n.endsWith('Command')) list.push(n.replace(/Command$/, ''));
    byService.set(key, list);
  }
  return [...byService].map(([s, cmds]) => `${s}${cmds.length ? `(${[...new Set(cmds)].sort().join(',')})` : ''}`).join(' ');
}

/**
 * A handler that does nothing but what any function using these SDK values must:
 * import them, make each client once (the document client from a DynamoDB client),
 * and keep every command and error (so esbuild bundles them as it does for the
 * function that sends and catches them).
 */
export function bareHandlerSource(u: SdkUsage): string {
  const lines: string[] = [];
  const keep: string[] = [];
  const make: string[] = [];
  const usesDocument = [...u.values()].some((names) => names.has('DynamoDBDocumentClient'));
  for (const [pkg, names] of [...u].sort(([a], [b]) => a.localeCompare(b))) {
    const all = new Set(names);
    if (usesDocument && pkg === '@aws-sdk/client-dynamodb') all.add('DynamoDBClient');
    lines.push(`import { ${[...all].sort().join(', ')} } from '${pkg}';`);
    for (const n of all) {
      if (n === 'DynamoDBDocumentClient') make.push('DynamoDBDocumentClient.from(new DynamoDBClient({}))');
      else if (n === 'DynamoDBClient' && usesDocument) continue;
      else if (/^[A-Z][A-Za-z0-9]*Client$/.test(n)) make.push(`new ${n}({})`);
      else keep.push(n);
    }
  }
  lines.push(`(globalThis as { __bare?: unknown[] }).__bare = [${[...make, ...keep].join(', ')}];`);
  lines.push(`export const handler = async () => ({ statusCode: 200, body: '' });`);
  return lines.join('\n') + '\n';
}

// --- timing ---------------------------------------------------------------------

export interface ColdTime {
  /** Median CPU time (user + system, every thread) of the import, ms. */
  cpu: number;
  /** Median wall time of the import, ms. */
  wall: number;
  /** Interquartile range of the CPU times, ms: how noisy the machine was. */
  cpuIqr: number;
  runs: number;
}

const quantile = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};
export const median = (values: number[]) => quantile(values, 0.5);

/** Node flags of a deployed function (NODE_OPTIONS), for every cold `node`. */
export const NODE_FLAGS = LAMBDA_NODE_OPTIONS.split(/\s+/).filter(Boolean);

const IMPORT_SCRIPT = (file: string) =>
  `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(file)});` +
  `const u=process.cpuUsage(c);process.stdout.write(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]));`;

/**
 * Imports each file in a fresh `node` (NODE_OPTIONS as deployed, unless flags are given), `runs` times,
 * round robin so every file sees the same load, after one discarded round that
 * warms the file cache. CPU time is what the ratios use: on a shared machine it
 * is disturbed far less than wall time.
 */
export function coldInit(files: (string | { file: string; flags: string[] })[], runs: number, env: Record<string, string> = COLD_ENV): ColdTime[] {
  const cpu = files.map((): number[] => []);
  const wall = files.map((): number[] => []);
  for (let round = -1; round < runs; round++) {
    files.forEach((f, i) => {
      const { file, flags } = typeof f === 'string' ? { file: f, flags: NODE_FLAGS } : f;
      const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', IMPORT_SCRIPT(file)], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const [w, c] = JSON.parse(out) as [number, number];
      if (round >= 0) {
        wall[i]!.push(w);
        cpu[i]!.push(c);
      }
    });
  }
  return files.map((_, i) => ({ cpu: median(cpu[i]!), wall: median(wall[i]!), cpuIqr: quantile(cpu[i]!, 0.75) - quantile(cpu[i]!, 0.25), runs }));
}

// --- where the init time goes ------------------------------------------------------

export interface ModuleTime {
  /** Repository-relative path, or the path inside node_modules. */
  module: string;
  package: string;
  /** Median CPU ms of the module's own top-level code (its imports run before it, and are counted to them). */
  cpu: number;
  /** Bytes of the module in the bundle. */
  bytes: number;
}

export interface InitProfile {
  /** Median CPU ms from `import()` to the first module's code: reading, compiling and linking the bundle. */
  compile: number;
  /** Median CPU ms of the whole import, with the markers. */
  total: number;
  modules: ModuleTime[];
}

/**
 * Where a bundle's init CPU goes, module by module. The bundle is rebuilt with one
 * marker call at the top of every module it keeps (the modules are not otherwise
 * changed, and tree shaking keeps the same code); esbuild lays modules out in
 * dependency order, so the CPU between a module's marker and the next one is that
 * module's own top-level work, including the first calls into its dependencies
 * (compiling them lazily). Before the first marker: compiling the bundle.
 */
export async function initProfile(entry: { entry: string } | { contents: string }, outdir: string, runs: number): Promise<InitProfile> {
  const plain = await bundle(entry, join(outdir, 'plain.mjs'));
  const kept = keptInputs(plain);
  const marker: Plugin = {
    name: 'init-markers',
    setup(b) {
      b.onLoad({ filter: /\.(m?js|ts)$/ }, (args) => {
        const input = relative(ROOT, args.path);
        if (!kept.has(input)) return undefined;
        const name = input.replace(/.*node_modules\//, '');
        return {
          contents: `globalThis.__initMark(${JSON.stringify(name)});\n${readFileSync(args.path, 'utf8')}`,
          loader: args.path.endsWith('.ts') ? 'ts' : 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
  const marked = join(outdir, 'marked.mjs');
  await build({
    ...esbuildOptionsOfCdk(),
    ...('entry' in entry
      ? { entryPoints: [entry.entry] }
      : { stdin: { contents: `globalThis.__initMark('(bare handler)');\n${entry.contents}`, resolveDir: ROOT, loader: 'ts', sourcefile: 'bare-handler.ts' } }),
    outfile: marked,
    plugins: [marker],
  });
  const script =
    `globalThis.__marks=[];globalThis.__initMark=(m)=>{const c=process.cpuUsage();globalThis.__marks.push([m,c.user+c.system])};` +
    `const c0=process.cpuUsage();await import(${JSON.stringify(marked)});const c1=process.cpuUsage();` +
    `process.stdout.write(JSON.stringify({c0:c0.user+c0.system,c1:c1.user+c1.system,marks:globalThis.__marks}));`;
  const perModule = new Map<string, number[]>();
  const compile: number[] = [];
  const total: number[] = [];
  for (let round = -1; round < runs; round++) {
    const out = execFileSync(process.execPath, [...NODE_FLAGS, '--input-type=module', '-e', script], { env: { ...process.env, ...COLD_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (round < 0) continue;
    const { c0, c1, marks } = JSON.parse(out) as { c0: number; c1: number; marks: [string, number][] };
    compile.push(((marks[0]?.[1] ?? c1) - c0) / 1000);
    total.push((c1 - c0) / 1000);
    const own = new Map<string, number>();
    marks.forEach(([m, at], i) => own.set(m, (own.get(m) ?? 0) + ((marks[i + 1]?.[1] ?? c1) - at) / 1000));
    for (const [m, t] of own) perModule.set(m, [...(perModule.get(m) ?? []), t]);
  }
  const modules = [...kept].map(([input, bytes]) => {
    const module = input.replace(/.*node_modules\//, '');
    // A module whose marker never ran (code kept but never reached) costs no top-level time.
    return { module, package: packageOf(input), cpu: perModule.has(module) ? median(perModule.get(module)!) : 0, bytes };
  });
  const own = perModule.get('(bare handler)');
  if (own) modules.push({ module: '(bare handler)', package: '(bare handler)', cpu: median(own), bytes: 0 });
  return { compile: median(compile), total: median(total), modules };
}
