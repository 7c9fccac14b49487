// Each vitest project starts its workers with its own TZ (vitest.config.ts): a worker whose zone is not
// the one asked for would make the time-zone runs vacuous, so it fails before any test runs.
const wanted = process.env.TZ;
const actual = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (wanted && actual !== wanted && !(wanted === 'UTC' && actual === 'Etc/UTC')) {
  throw new Error(`this test worker runs in ${actual}, not in TZ=${wanted}`);
}
