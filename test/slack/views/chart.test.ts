import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALT_TEXT_MAX, memberChartPng, recapChartAltText, recapChartPng, renderChartPng,
  type CircleChartWeek, type MemberChartData, type RecapChartData,
} from '../../../src/slack/views/chart.js';

const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');
const ARTIFACTS = path.join(import.meta.dirname, '../../../test-artifacts/charts');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function week(n: number, over: Partial<CircleChartWeek> = {}): CircleChartWeek {
  return {
    week: `2026-W${String(n).padStart(2, '0')}`, conversations: 8 + (n % 5), voicemails: 4 + (n % 3), noAnswer: 2 + (n % 4),
    goal: 30, activeMembers: 6, membersReached: n % 7, ...over,
  };
}

export const circleData: RecapChartData = { title: '#five-calls', weeks: Array.from({ length: 12 }, (_, i) => week(i + 10)) };
export const memberData: MemberChartData = {
  title: 'Your calls',
  weeks: Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${String(i + 10).padStart(2, '0')}`, conversations: i % 4, voicemails: 1, noAnswer: i % 2, goal: 5 })),
};

/** Compares with the committed image; UPDATE_GOLDEN=1 rewrites it. A mismatch leaves the new image in test-artifacts/. */
function expectGolden(name: string, png: Buffer): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, png);
  const golden = readFileSync(file);
  if (sha256(png) !== sha256(golden)) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, name), png);
  }
  expect(sha256(png), `${name} differs from the golden image (new one in test-artifacts/charts/)`).toBe(sha256(golden));
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('recapChartPng', () => {
  it('draws the same bytes as the committed golden image', () => {
    const { png, width, height } = recapChartPng(circleData);
    expect(pngSize(png)).toEqual({ width, height });
    expect({ width, height }).toEqual({ width: 1600, height: 800 });
    expectGolden('recap-chart.png', png);
  });

  it('is byte-identical for the same data and differs for other data', () => {
    const a = recapChartPng(circleData).png;
    const b = recapChartPng(structuredClone(circleData)).png;
    expect(sha256(a)).toBe(sha256(b));
    const changed = { ...circleData, weeks: circleData.weeks.map((w, i) => (i === 11 ? { ...w, conversations: w.conversations + 3 } : w)) };
    expect(sha256(recapChartPng(changed).png)).not.toBe(sha256(a));
  });

  it('draws text with the shipped font (system fonts are off)', () => {
    const titled = (text: string) => renderChartPng({ title: { text }, xAxis: { type: 'category', data: [] }, yAxis: { type: 'value' }, series: [] });
    // Without a usable font resvg drops text, and both images would be blank alike.
    expect(sha256(titled('Calls'))).not.toBe(sha256(titled('Other words')));
  });

  it('never uses a system font: another family falls back to the shipped one', () => {
    const inFamily = (fontFamily: string) => renderChartPng({ title: { text: 'Calls 123', textStyle: { fontFamily } }, series: [] });
    // Liberation Sans is installed on many Debian machines; were system fonts on, it would be used here.
    expect(sha256(inFamily('Liberation Sans'))).toBe(sha256(inFamily('DejaVu Sans')));
  });

  it('states the figures in the alt text', () => {
    const alt = recapChartPng(circleData).altText;
    const total = circleData.weeks.reduce((n, w) => n + w.conversations + w.voicemails + w.noAnswer, 0);
    expect(alt).toContain('#five-calls');
    expect(alt).toContain('2026-W10 to 2026-W21');
    expect(alt).toContain(`In all ${total} calls`);
    const last = circleData.weeks[11]!;
    expect(alt).toContain(`W21 ${last.conversations + last.voicemails + last.noAnswer} (${last.conversations}/${last.voicemails}/${last.noAnswer}), goal 30, ${last.membersReached} of 6`);
    expect(alt.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
  });

  it('keeps the alt text within Slack’s 1000 characters for large circles', () => {
    const big = { title: '#a-very-long-channel-name-for-a-circle', weeks: Array.from({ length: 12 }, (_, i) => week(i + 40, { conversations: 12345, voicemails: 23456, noAnswer: 34567, goal: 99995, activeMembers: 19999, membersReached: 12345 })) };
    expect(recapChartAltText(big).length).toBeLessThanOrEqual(ALT_TEXT_MAX);
  });

  it('draws an empty week and a circle without members', () => {
    const data = { title: '#quiet', weeks: [week(1, { conversations: 0, voicemails: 0, noAnswer: 0, activeMembers: 0, membersReached: 0 })] };
    const { png, altText } = recapChartPng(data);
    expect(pngSize(png).width).toBe(1600);
    expect(altText).toContain('W01 0 (0/0/0), goal 30, 0 of 0 (0%)');
  });
});

describe('memberChartPng', () => {
  it('draws the same bytes as the committed golden image and states the figures', () => {
    const { png, altText } = memberChartPng(memberData);
    expectGolden('member-chart.png', png);
    expect(altText).toContain('Your calls: calls per week, 2026-W10 to 2026-W21; goal reached in 3 of 12 weeks');
    expect(altText).toContain('W13 5 (3/1/1) of 5');
  });
});
