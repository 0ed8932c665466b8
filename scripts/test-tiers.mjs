// Runs the test tiers as three vitest processes side by side: the e2e tier in two
// halves (vitest's --shard), each half with its own local stack and Chromium, and the
// unit, infra and integration tiers in the third. Within one vitest run every project
// that keeps to one file at a time (integration and e2e, each sharing one stack and one
// clock) is queued behind the others in a single line, so the stacks, which spend most
// of their time waiting on DynamoDB Local, Chromium and each other, would never work at
// the same time. Each run's output is printed whole when it ends; the exit code is
// non-zero when any run fails.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

const RUNS = [
  { name: 'e2e, first half', args: ['--project', 'e2e', '--shard=1/2'] },
  { name: 'e2e, second half', args: ['--project', 'e2e', '--shard=2/2'] },
  { name: 'unit, infra, integration', args: ['--project', 'unit', '--project', 'infra', '--project', 'integration'] },
];
const extra = process.argv.slice(2);
const started = Date.now();

// The e2e runs serve the same console/dist: built once here, not by each run's setup.
const build = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../console/build.ts', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
const built = await new Promise((resolve) => build.on('close', (code) => resolve(code === 0)));
if (!built) {
  console.error('The console did not build (npm run build:console says why).');
  process.exit(1);
}

const results = await Promise.all(
  RUNS.map(
    (run) =>
      new Promise((resolve) => {
        const args = ['run', ...run.args, ...extra];
        const child = spawn(process.execPath, [VITEST, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, E2E_CONSOLE_BUILT: '1' } });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('error', (err) => resolve({ run, code: 1, output: `${output}\n${String(err)}` }));
        child.on('close', (code, signal) => {
          const seconds = Math.round((Date.now() - started) / 1000);
          console.log(`\n===== vitest: ${run.name} (${signal ?? `exit ${code}`}, ${seconds} s) =====\n${output}`);
          resolve({ run, code: code ?? 1 });
        });
      }),
  ),
);

const failed = results.filter((r) => r.code !== 0);
console.log(`\n${failed.length ? `FAILED: ${failed.map((r) => r.run.name).join('; ')}` : 'Every tier passed'} in ${Math.round((Date.now() - started) / 1000)} s.`);
process.exit(failed.length ? 1 : 0);
