// Charts drawn in the chart process: the same bytes as drawn here, in another process that serves a
// run of charts and ends afterwards, and a crash fails only the charts waiting on it.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chartProcessPid, drawChart, stopChartProcess } from '../../src/slack/chart-process.js';
import { memberChartPng, recapChartPng, type MemberChartData, type RecapChartData } from '../../src/slack/views/chart.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const circleData: RecapChartData = {
  title: '#five-calls',
  weeks: Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${String(i + 10).padStart(2, '0')}`, conversations: 8 + (i % 5), voicemails: 4, noAnswer: i % 4, goal: 30, activeMembers: 6, membersReached: i % 7 })),
};
const memberData: MemberChartData = {
  title: 'Your calls',
  weeks: Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${String(i + 10).padStart(2, '0')}`, conversations: i % 4, voicemails: 1, noAnswer: i % 2, goal: 5 })),
};

afterEach(() => stopChartProcess());

describe('drawChart', () => {
  it('draws the same PNG and alt text as in-process, in a child process that serves several charts', async () => {
    const [recap, member] = await Promise.all([drawChart({ chart: 'recap', data: circleData }), drawChart({ chart: 'member', data: memberData })]);
    const pid = chartProcessPid();
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const here = recapChartPng(circleData);
    expect(sha256(recap.png)).toBe(sha256(here.png));
    expect(recap.altText).toBe(here.altText);
    expect({ width: recap.width, height: recap.height }).toEqual({ width: here.width, height: here.height });
    expect(sha256(member.png)).toBe(sha256(memberChartPng(memberData).png));
    await drawChart({ chart: 'recap', data: circleData });
    expect(chartProcessPid()).toBe(pid);
  }, 60_000);

  it('after the process ends (or crashes), waiting charts fail and the next chart starts a new one', async () => {
    const first = drawChart({ chart: 'recap', data: circleData });
    const pid = chartProcessPid()!;
    process.kill(pid, 'SIGKILL');
    await expect(first).rejects.toThrow(/chart process exited/);
    const again = await drawChart({ chart: 'recap', data: circleData });
    expect(again.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chartProcessPid()).not.toBe(pid);
    stopChartProcess();
    expect(chartProcessPid()).toBeUndefined();
  }, 60_000);

  it('a chart the libraries reject fails on its own; the process keeps serving', async () => {
    const bad = drawChart({ chart: 'recap', data: { title: 'x', weeks: null as never } });
    await expect(bad).rejects.toThrow(/^chart: /);
    const ok = await drawChart({ chart: 'recap', data: circleData });
    expect(ok.png.length).toBeGreaterThan(1000);
  }, 60_000);
});
