import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files in parallel. Vitest's default is one fewer than the CPUs, which is a single worker on a
 * 2-core CI machine; most files spend their time waiting (on child processes, HTTP round trips, the
 * emulator's rate limits, PostgreSQL), so as many workers as CPUs keeps both cores busy without
 * overloading them. VITEST_MAX_WORKERS overrides it.
 */
const workers = Number(process.env.VITEST_MAX_WORKERS) || Math.max(2, os.availableParallelism());

/**
 * Files that time what a whole process does (the sandbox in a browser, a week of the app against the
 * emulator, Slack's 3 s ack under injected faults, `npm start`): they run one at a time after the rest,
 * with the machine to themselves, so another file's load cannot push them past Slack's deadlines.
 */
const alone = ['test/sandbox/browser.test.ts', 'test/jobs/walkthrough.test.ts', 'test/jobs/channel-pacing.test.ts', 'test/faults/**/*.test.ts', 'test/main.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: workers,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Two projects in one run (one start-up, one report): every test in UTC, and the domain tests again
    // in Pacific/Auckland to catch host time-zone leaks. Each project's workers start with its TZ.
    projects: [
      {
        extends: true,
        test: {
          name: 'utc',
          include: ['test/**/*.test.ts'],
          exclude: alone,
          globalSetup: ['test/helpers/global-setup.ts'],
          env: { TZ: 'UTC' },
          setupFiles: ['test/helpers/zone-check.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'utc-alone',
          include: alone,
          globalSetup: ['test/helpers/global-setup.ts'],
          env: { TZ: 'UTC' },
          setupFiles: ['test/helpers/zone-check.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'auckland',
          include: ['test/domain/**/*.test.ts'],
          env: { TZ: 'Pacific/Auckland' },
          setupFiles: ['test/helpers/zone-check.ts'],
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
