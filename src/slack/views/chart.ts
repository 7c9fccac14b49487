/**
 * The recap chart: a circle's (or one member's) calls per week, stacked by outcome, with the goal line
 * and, for a circle, the share of members who reached the goal. Rendered on the server: ECharts draws
 * an SVG string (server-side rendering, no DOM, no canvas), resvg rasterises it to PNG with the DejaVu
 * Sans font shipped in `dejavu-fonts-ttf` and system fonts off, so the same data gives the same bytes
 * on any machine (a test compares against a committed golden image).
 *
 * Pure apart from reading the font file: data in, `{ png, altText }` out. Only counts enter the
 * input types; no names of contacts and no notes can reach a picture posted to a channel.
 */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';
import type * as EchartsCharts from 'echarts/charts';
import type * as EchartsComponents from 'echarts/components';
import type * as echarts from 'echarts/core';
import type * as EchartsRenderers from 'echarts/renderers';

const requireHere = createRequire(import.meta.url);
let libs: { echarts: typeof echarts; Resvg: typeof ResvgModule.Resvg } | undefined;

/**
 * ECharts and resvg, loaded (synchronously) by the first chart: a process that has not drawn one yet
 * (a Slack-mode process before its first recap) does not hold them; how much that saves was not
 * measured on its own. Node 20.19+ requires the ES modules of ECharts.
 */
function chartLibs(): NonNullable<typeof libs> {
  if (libs) return libs;
  const core = requireHere('echarts/core') as typeof echarts;
  const { BarChart, LineChart } = requireHere('echarts/charts') as typeof EchartsCharts;
  const { GridComponent, LegendComponent, TitleComponent } = requireHere('echarts/components') as typeof EchartsComponents;
  const { SVGRenderer } = requireHere('echarts/renderers') as typeof EchartsRenderers;
  core.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);
  libs = { echarts: core, Resvg: (requireHere('@resvg/resvg-js') as typeof ResvgModule).Resvg };
  return libs;
}

export interface ChartWeek {
  /** ISO week key, e.g. `2026-W10`. */
  week: string;
  conversations: number;
  voicemails: number;
  noAnswer: number;
  /** The week's goal line in calls: the circle's goal times its active members (a member: the goal). */
  goal: number;
}

export interface CircleChartWeek extends ChartWeek {
  /** Active members that week, and how many of them reached the goal. */
  activeMembers: number;
  membersReached: number;
}

export interface RecapChartData {
  /** Shown above the chart, e.g. the circle's channel name. Plain text, counts only. */
  title: string;
  /** Oldest first; the recap passes the last 12 weeks. */
  weeks: readonly CircleChartWeek[];
}

export interface MemberChartData {
  title: string;
  weeks: readonly ChartWeek[];
}

export interface ChartImage {
  png: Buffer;
  /** States the figures (Slack's alt_txt for files allows 1000 characters). */
  altText: string;
  width: number;
  height: number;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
/** Rendered at twice the layout size so it stays sharp on high-density screens. */
const ZOOM = 2;
export const ALT_TEXT_MAX = 1000;
const FONT_FAMILY = 'DejaVu Sans';

const COLORS = { conversations: '#2e7d32', voicemails: '#f9a825', noAnswer: '#9e9e9e', goal: '#c62828', share: '#1565c0' };

/** The font file, resolved inside the installed package (resvg-js 2.6 takes paths, not buffers). */
export const FONT_FILE = requireHere.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

function shortWeek(week: string): string {
  return week.replace(/^\d{4}-/, '');
}

function total(w: ChartWeek): number {
  return w.conversations + w.voicemails + w.noAnswer;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

function barSeries(weeks: readonly ChartWeek[]): echarts.EChartsCoreOption[] {
  const bar = (name: string, color: string, pick: (w: ChartWeek) => number) => ({
    type: 'bar', name, stack: 'calls', barMaxWidth: 36, itemStyle: { color }, data: weeks.map(pick),
  });
  return [
    bar('Conversations', COLORS.conversations, (w) => w.conversations),
    bar('Voicemails', COLORS.voicemails, (w) => w.voicemails),
    bar('No answer', COLORS.noAnswer, (w) => w.noAnswer),
    {
      type: 'line', name: 'Goal', step: 'middle', symbol: 'none', z: 5,
      lineStyle: { color: COLORS.goal, type: 'dashed', width: 2 }, itemStyle: { color: COLORS.goal },
      data: weeks.map((w) => w.goal),
    },
  ];
}

function baseOption(title: string, weeks: readonly ChartWeek[], withShare: boolean): echarts.EChartsCoreOption {
  const yAxis: unknown[] = [{ type: 'value', name: 'calls', minInterval: 1, nameTextStyle: { align: 'right' } }];
  if (withShare) {
    yAxis.push({ type: 'value', name: 'reached goal', min: 0, max: 100, interval: 25, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } });
  }
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, color: '#333333' },
    title: { text: title, left: 16, top: 10, textStyle: { fontFamily: FONT_FAMILY, fontSize: 16, fontWeight: 'normal' } },
    legend: { bottom: 8, itemGap: 28, textStyle: { fontFamily: FONT_FAMILY } },
    grid: { left: 56, right: withShare ? 64 : 24, top: 72, bottom: 64 },
    xAxis: { type: 'category', data: weeks.map((w) => shortWeek(w.week)), axisTick: { alignWithLabel: true } },
    yAxis,
    series: barSeries(weeks),
  };
}

/** Renders an ECharts option to PNG through SVG. Deterministic for the same option. */
export function renderChartPng(option: echarts.EChartsCoreOption, width = CHART_WIDTH, height = CHART_HEIGHT): Buffer {
  const { echarts: lib, Resvg } = chartLibs();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * ZOOM },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

function range(weeks: readonly ChartWeek[]): string {
  const first = weeks[0]?.week;
  const last = weeks.at(-1)?.week;
  return first === last ? `${first}` : `${first} to ${last}`;
}

function fit(text: string): string {
  return text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`;
}

/** Alt text for the circle chart: totals first, then each week's figures. */
export function recapChartAltText(data: RecapChartData): string {
  const { weeks } = data;
  if (weeks.length === 0) return `${data.title}: no weeks to show.`;
  const sum = (pick: (w: ChartWeek) => number) => weeks.reduce((n, w) => n + pick(w), 0);
  const head =
    `${data.title}: calls per week, ${range(weeks)}. ` +
    `In all ${sum(total)} calls: ${sum((w) => w.conversations)} conversations, ${sum((w) => w.voicemails)} voicemails, ` +
    `${sum((w) => w.noAnswer)} no answer. Each week: calls (conversations/voicemails/no answer), goal, members who reached it.`;
  const each = weeks.map(
    (w) => `${shortWeek(w.week)} ${total(w)} (${w.conversations}/${w.voicemails}/${w.noAnswer}), goal ${w.goal}, ${w.membersReached} of ${w.activeMembers} (${percent(w.membersReached, w.activeMembers)}%)`,
  );
  return fit(`${head} ${each.join('; ')}.`);
}

/** Alt text for one member's chart. */
export function memberChartAltText(data: MemberChartData): string {
  const { weeks } = data;
  if (weeks.length === 0) return `${data.title}: no weeks to show.`;
  const reached = weeks.filter((w) => total(w) >= w.goal && w.goal > 0).length;
  const head = `${data.title}: calls per week, ${range(weeks)}; goal reached in ${reached} of ${weeks.length} weeks. Each week: calls (conversations/voicemails/no answer) of goal.`;
  const each = weeks.map((w) => `${shortWeek(w.week)} ${total(w)} (${w.conversations}/${w.voicemails}/${w.noAnswer}) of ${w.goal}`);
  return fit(`${head} ${each.join('; ')}.`);
}

/** The weekly recap's chart for a circle: stacked outcomes, goal line, share of members who reached it. */
export function recapChartPng(data: RecapChartData): ChartImage {
  const option = baseOption(data.title, data.weeks, true);
  const series = option.series as unknown[];
  series.push({
    type: 'line', name: 'Reached goal', yAxisIndex: 1, symbol: 'circle', symbolSize: 7, z: 6,
    lineStyle: { color: COLORS.share, width: 2 }, itemStyle: { color: COLORS.share },
    data: data.weeks.map((w) => percent(w.membersReached, w.activeMembers)),
  });
  return { png: renderChartPng(option), altText: recapChartAltText(data), width: CHART_WIDTH * ZOOM, height: CHART_HEIGHT * ZOOM };
}

/** One member's weeks (App Home, 30-day review): the same chart without the share line. */
export function memberChartPng(data: MemberChartData): ChartImage {
  const option = baseOption(data.title, data.weeks, false);
  return { png: renderChartPng(option), altText: memberChartAltText(data), width: CHART_WIDTH * ZOOM, height: CHART_HEIGHT * ZOOM };
}
