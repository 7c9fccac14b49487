// The delete-my-data modal, its check and what follows; the recap's chart as the outbox worker shows it.
import { describe, expect, it } from 'vitest';
import { confirmsDeletion, deleteConfirmError, deletedHome, deletedModal, deleteMyDataModal } from '../../../src/slack/views/delete.js';
import { exportSentMessage } from '../../../src/slack/views/commands.js';
import { renderMessageFile, showMessageFile } from '../../../src/slack/views/recap-chart.js';
import { expectMessageWithinLimits, expectViewWithinLimits } from './limits.js';

describe('delete my data views', () => {
  it('the modal asks for DELETE in one input, within Block Kit limits; the error sits under that input', () => {
    const modal = deleteMyDataModal();
    expectViewWithinLimits(modal);
    expectViewWithinLimits(deletedModal());
    expectViewWithinLimits(deletedHome());
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['confirm']);
    expect(Object.keys(deleteConfirmError())).toEqual(['confirm']);
    expect(JSON.stringify(modal)).toMatch(/past weekly totals stay as numbers/);
  });

  it.each([
    ['DELETE', true], [' DELETE ', true], ['delete', false], ['Delete', false], ['DELETE!', false], ['', false], [null, false],
  ])('confirmsDeletion(%j) is %s', (value, ok) => {
    expect(confirmsDeletion(value)).toBe(ok);
  });

  it('the export reply says what was sent and where', () => {
    expectMessageWithinLimits(exportSentMessage({ rows: 1, scope: 'mine' }));
    expect(exportSentMessage({ rows: 1, scope: 'mine' }).text).toBe('Sent: a CSV of your call, in your direct messages with me (Call Buddy, under Apps).');
    expect(exportSentMessage({ rows: 12, scope: 'circle' }).text).toMatch(/12 member-weeks of counts \(no names of contacts, no notes\)/);
  });
});

describe('the recap chart as a message file', () => {
  const weeks = [{ week: '2026-W48', conversations: 2, voicemails: 1, noAnswer: 0, goal: 10, activeMembers: 2, membersReached: 1 }];

  it('renders the PNG with alt text and a file name of the recap week; nothing for no weeks', async () => {
    const f = (await renderMessageFile({ kind: 'recapChart', title: '#five-calls: calls per week', weeks }))!;
    expect(f.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(f.filename).toBe('recap-2026-W48.png');
    expect(f.altText).toContain('W48 3 (2/1/0), goal 10, 1 of 2 (50%)');
    expect(await renderMessageFile({ kind: 'recapChart', title: 'x', weeks: [] })).toBeNull();
  });

  it('shows the image under the figures (after the third block) and keeps a message to 50 blocks', () => {
    const blocks = Array.from({ length: 5 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `b${i}` } }));
    const shown = showMessageFile({ text: 't', blocks }, { id: 'F0CHART', altText: 'alt', title: 'title' });
    const types = (shown.blocks as { type: string }[]).map((b) => b.type);
    expect(types).toEqual(['section', 'section', 'section', 'image', 'section', 'section']);
    expect((shown.blocks as Record<string, unknown>[])[3]).toEqual({ type: 'image', slack_file: { id: 'F0CHART' }, alt_text: 'alt', title: { type: 'plain_text', text: 'title' } });
    expectMessageWithinLimits(shown as { text: string; blocks: never[] });
    const full = showMessageFile({ text: 't', blocks: Array.from({ length: 50 }, () => blocks[0]) }, { id: 'F0CHART', altText: 'alt', title: 'title' });
    expect((full.blocks as unknown[]).length).toBe(50);
    expect((full.blocks as { type: string }[])[3]!.type).toBe('image');
  });
});
