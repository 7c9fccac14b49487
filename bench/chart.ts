/**
 * Recap chart benchmark (not a timed test): the first chart in a fresh process (module load, font
 * read, first render) and the median of warm renders of a 12-week circle chart, as the recap will
 * call it (`recapChartPng`), with the PNG's size and the process's peak RSS. Writes bench/results/chart.json.
 *
 *   npx tsx bench/chart.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const { recapChartPng } = await import('../src/slack/views/chart.js');
  const loadMs = performance.now() - t0;
  const weeks = Array.from({ length: 12 }, (_, i) => ({
    week: `2026-W${String(i + 10).padStart(2, '0')}`, conversations: 8 + (i % 5), voicemails: 4 + (i % 3), noAnswer: 2 + (i % 4),
    goal: 30, activeMembers: 6, membersReached: i % 7,
  }));
  const data = { title: '#five-calls', weeks };
  const t1 = performance.now();
  const first = recapChartPng(data);
  const firstRenderMs = performance.now() - t1;
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    recapChartPng(data);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const result = {
    moduleLoadMs: Math.round(loadMs),
    firstRenderMs: Math.round(firstRenderMs),
    warmMedianMs: Math.round(times[Math.floor(times.length / 2)]!),
    pngBytes: first.png.length,
    size: `${first.width}x${first.height}`,
    altTextChars: first.altText.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'chart.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await run(), null, 2));
}
