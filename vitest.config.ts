import { defineConfig } from 'vitest/config';

// This machine runs Node 20 while the Lambdas run Node 22: the SDK's Node-version notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Node 20 lacks Map.groupBy, which vitest's reporter uses to print failures.
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value: <K, V>(items: Iterable<V>, key: (item: V, index: number) => K) => {
      const map = new Map<K, V[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = map.get(k);
        if (list) list.push(item);
        else map.set(k, [item]);
      }
      return map;
    },
  });
}

/**
 * Three tiers. `unit`: domain rules, no AWS. `integration`: handlers over HTTP
 * against one local stack (DynamoDB Local, SES local, the real state machine)
 * started once per run by the global setup. `infra`: CDK assertions and cdk-nag.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts', 'test/setup-isolated-env.ts'],
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
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          setupFiles: ['test/setup-env.ts', 'test/setup-isolated-env.ts'],
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
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
