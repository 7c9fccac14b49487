/**
 * Runs every benchmark module listed below and prints each result. Add yours to the list; each
 * module exports `async function run(): Promise<Record<string, unknown>>`.
 *
 *   npm run bench   (npx tsx bench/run.ts)
 */
const modules: string[] = ['./pairing.js', './boards.js', './fanout.js', './ack-latency.js', './memory.js', './chart.js', './options.js'];

for (const path of modules) {
  const mod = (await import(path)) as { run: () => Promise<Record<string, unknown>> };
  console.log(`\n=== ${path}`);
  const result = await mod.run();
  console.log(JSON.stringify(result, null, 2));
}
