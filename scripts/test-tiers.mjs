// `npm test` after the Node check: the static checks and the test tiers in four lanes
// side by side, each lane a list of steps run one after another:
//   - the static checks (`npm run check`: tsc twice, eslint, Redocly, dependency-cruiser);
//   - the e2e tier, first half (vitest's --shard), with its own local stack and Chromium;
//   - the e2e tier, second half, likewise; then the unit and infra tiers;
//   - the integration tier, with its own stack.
// Within one vitest run every project that keeps to one file at a time (integration and
// e2e, each sharing one stack and one clock) is queued behind the others in a single
// line, so the stacks, which spend most of their time waiting on DynamoDB Local,
// Chromium and the state machine, would never work at the same time; nor would the
// checks use the time the stacks leave idle. Each step's output is printed whole when it
// ends; the exit code is non-zero when any step fails. Arguments are passed to every
// vitest step (`npm test -- --reporter=verbose`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const extra = process.argv.slice(2);
const vitest = (name, ...args) => ({ name, command: process.execPath, args: [VITEST, 'run', ...args, ...extra] });

const LANES = [
  [{ name: 'static checks', command: 'npm', args: ['run', '--silent', 'check'] }],
  [vitest('e2e, first half', '--project', 'e2e', '--shard=1/2')],
  [vitest('e2e, second half', '--project', 'e2e', '--shard=2/2'), vitest('unit and infra', '--project', 'unit', '--project', 'infra')],
  [vitest('integration', '--project', 'integration')],
];
const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);

// The e2e halves serve the same console/dist: built once here, not by each half's setup.
const build = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../console/build.ts', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!(await new Promise((resolve) => build.on('close', (code) => resolve(code === 0))))) {
  console.error('The console did not build (npm run build:console says why).');
  process.exit(1);
}

function runStep(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, E2E_CONSOLE_BUILT: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let done = false;
    const finish = (code, how) => {
      if (done) return;
      done = true;
      console.log(`\n===== ${step.name} (${how}, ${seconds()} s) =====\n${output}`);
      resolve(code);
    };
    child.on('error', (err) => {
      output += `\n${String(err)}`;
      finish(1, 'could not start');
    });
    child.on('close', (code, signal) => finish(code ?? 1, signal ?? `exit ${code}`));
  });
}

const failed = [];
await Promise.all(
  LANES.map(async (lane) => {
    for (const step of lane) {
      if ((await runStep(step)) !== 0) {
        failed.push(step.name);
        return;
      }
    }
  }),
);

console.log(`\n${failed.length ? `FAILED: ${failed.join('; ')}` : 'Every check and every tier passed'} in ${seconds()} s.`);
process.exit(failed.length ? 1 : 0);
