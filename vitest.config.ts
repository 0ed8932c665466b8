import { defineConfig } from 'vitest/config';

/**
 * Four tiers. `unit`: domain rules, no AWS. `integration`: handlers over HTTP
 * against one local stack (DynamoDB Local, SES local, the real state machine)
 * started once per run by the global setup. `infra`: CDK assertions and cdk-nag.
 * `e2e`: the console in Chromium. In the unit, integration and e2e tiers a test that
 * asserts nothing fails (`requireAssertions`): a test that checks nothing proves nothing.
 */
// DynamoDB Local (Java) is half the CPU the integration tier uses. A test's JVM lives
// minutes, not days: the C1 compiler alone and the serial collector cost about a third
// less CPU than the server defaults (C2, G1 and its threads), and answer no slower on 2
// cores. `java` reads JDK_JAVA_OPTIONS; every stack a test starts (the tiers' own, `npm
// start` as a child process) inherits it. A user's own setting is left alone.
process.env.JDK_JAVA_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one worker: the unit and infra files may share two.
    // (`npm test` runs the tiers in lanes of their own side by side: scripts/test-tiers.mjs.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts', 'test/setup-isolated-env.ts'],
          expect: { requireAssertions: true },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // One stack and one clock are shared: files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Background work (the post queue, executions) polled without a bound of its own.
          expect: { requireAssertions: true, poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts', 'test/setup-isolated-env.ts'],
          // Not requireAssertions here: CDK's Template assertions (hasResourceProperties,
          // resourceCountIs) throw when they fail, without going through expect().
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          // The staff console in headless Chromium against one local stack.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          // Whole journeys in a real browser: generous bounds so a busy 2-core machine passes too.
          testTimeout: 180_000,
          // A screen waited for with expect.poll and no bound of its own: Vitest's default
          // second is too short for a save and a re-render while the other tiers run.
          expect: { requireAssertions: true, poll: { timeout: 15_000 } },
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
