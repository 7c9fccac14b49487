import type { InputBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { playbookKeys, PLAYBOOKS } from '../../../src/domain/playbooks.js';
import { validateCircleSettings, validateMemberSettings } from '../../../src/domain/settings.js';
import { ADMIN_BLOCK, CALLBACK, SETTINGS_BLOCK } from '../../../src/slack/views/ids.js';
import { adminModal, parseAdminValues, parseSettingsValues, settingsErrors, settingsModal } from '../../../src/slack/views/settings.js';
import type { ViewStateValues } from '../../../src/slack/views/state.js';
import { expectViewWithinLimits } from './limits.js';

const inputs = (blocks: KnownBlock[]): InputBlock[] => blocks.filter((b): b is InputBlock => b.type === 'input');
const el = (blocks: KnownBlock[], id: string): Record<string, unknown> => {
  const b = inputs(blocks).find((x) => x.block_id === id);
  if (!b) throw new Error(`no block ${id}`);
  return b.element as unknown as Record<string, unknown>;
};

/** A Slack-shaped state from the modal's initial values (what a submit without changes sends). */
function initialState(blocks: KnownBlock[]): ViewStateValues {
  const values: ViewStateValues = {};
  for (const b of inputs(blocks)) {
    const e = b.element as unknown as Record<string, unknown> & { type: string; action_id: string };
    const v: Record<string, unknown> = { type: e.type };
    if (e.type === 'plain_text_input') v.value = (e.initial_value as string | undefined) ?? null;
    if (e.type === 'static_select' || e.type === 'radio_buttons') v.selected_option = e.initial_option ?? null;
    if (e.type === 'checkboxes') v.selected_options = e.initial_options ?? [];
    if (e.type === 'timepicker') v.selected_time = e.initial_time ?? null;
    if (e.type === 'datepicker') v.selected_date = e.initial_date ?? null;
    values[b.block_id as string] = { [e.action_id]: v };
  }
  return values;
}

const member = { tzOverride: 'Asia/Kolkata', slackTz: 'Europe/London', nudgeEnabled: true, nudgeTime: '08:15', lane: 'Sales', boardVisible: false };

describe('settingsModal', () => {
  it('has every field with action id = block id and the member\'s values', () => {
    const view = settingsModal({ member, timeZones: ['Europe/London', 'America/Chicago'] });
    expectViewWithinLimits(view);
    expect(view.callback_id).toBe(CALLBACK.settings);
    const blocks = view.blocks as KnownBlock[];
    expect(inputs(blocks).map((b) => b.block_id)).toEqual(Object.values(SETTINGS_BLOCK));
    for (const b of inputs(blocks)) expect((b.element as { action_id: string }).action_id).toBe(b.block_id);
    expect(el(blocks, 'tz_override')).toMatchObject({ type: 'plain_text_input', initial_value: 'Asia/Kolkata' });
    expect(el(blocks, 'nudge_time')).toMatchObject({ type: 'timepicker', initial_time: '08:15' });
    expect(el(blocks, 'nudge_enabled')).toMatchObject({ type: 'checkboxes', initial_options: [{ value: 'yes' }] });
    expect(el(blocks, 'lane')).toMatchObject({ initial_value: 'Sales', max_length: 80 });
    expect(el(blocks, 'board_visible')).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'hide' } });
    const hint = inputs(blocks).find((b) => b.block_id === 'tz_override')?.hint?.text ?? '';
    expect(hint).toContain('America/Chicago');
    expect(hint).toContain('Leave empty');
    expect(inputs(blocks).find((b) => b.block_id === 'tz_override')?.optional).toBe(true);
  });

  it('round-trips: the unchanged modal parses back to the same settings', () => {
    const blocks = settingsModal({ member }).blocks as KnownBlock[];
    const result = validateMemberSettings(parseSettingsValues(initialState(blocks)));
    expect(result).toEqual({ ok: true, value: { tzOverride: 'Asia/Kolkata', nudgeEnabled: true, nudgeTime: '08:15', lane: 'Sales', boardVisible: false, workStart: '09:00', workEnd: '18:00' } });
  });

  it('round-trips defaults: no override, nudge off, shown on boards', () => {
    const blocks = settingsModal({ member: { ...member, tzOverride: null, nudgeEnabled: false, lane: null, boardVisible: true, nudgeTime: 'bad' } }).blocks as KnownBlock[];
    expect(el(blocks, 'tz_override')).not.toHaveProperty('initial_value');
    expect(el(blocks, 'nudge_enabled')).not.toHaveProperty('initial_options');
    const result = validateMemberSettings(parseSettingsValues(initialState(blocks)));
    expect(result).toEqual({ ok: true, value: { tzOverride: null, nudgeEnabled: false, nudgeTime: '09:00', lane: null, boardVisible: true, workStart: '09:00', workEnd: '18:00' } });
  });

  it('turns validation errors into block-keyed errors', () => {
    const result = validateMemberSettings(parseSettingsValues({ tz_override: { tz_override: { type: 'plain_text_input', value: 'Nowhere' } } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(settingsErrors(result.errors))).toEqual(['tz_override']);
  });

  it('stays within limits with long values', () => {
    expectViewWithinLimits(settingsModal({ member: { ...member, lane: 'L'.repeat(200), slackTz: 'America/Argentina/ComodRivadavia' }, timeZones: Array(50).fill('America/Argentina/ComodRivadavia') }));
  });
});

describe('adminModal', () => {
  const circle = { name: 'Growth', playbook: 'keep-in-touch', goal: 6, planDay: 2, planTime: '08:00', recapDay: 5, recapTime: '15:30', tz: 'Europe/Paris', pairingEnabled: true, teamThreshold: 75 };
  const playbooks = playbookKeys().map((key) => ({ key, title: PLAYBOOKS[key]?.title ?? key }));

  it('has every field with the circle\'s values', () => {
    const view = adminModal({ circle, playbooks });
    expectViewWithinLimits(view);
    expect(view.callback_id).toBe(CALLBACK.admin);
    const blocks = view.blocks as KnownBlock[];
    expect(inputs(blocks).map((b) => b.block_id).sort()).toEqual(Object.values(ADMIN_BLOCK).sort());
    for (const b of inputs(blocks)) expect((b.element as { action_id: string }).action_id).toBe(b.block_id);
    expect(el(blocks, 'playbook')).toMatchObject({ type: 'static_select', initial_option: { value: 'keep-in-touch' } });
    expect(el(blocks, 'plan_day')).toMatchObject({ initial_option: { value: '2', text: { text: 'Tuesday' } } });
    expect(el(blocks, 'recap_day')).toMatchObject({ initial_option: { value: '5', text: { text: 'Friday' } } });
    expect(el(blocks, 'recap_time')).toMatchObject({ type: 'timepicker', initial_time: '15:30' });
    expect(el(blocks, 'goal')).toMatchObject({ type: 'plain_text_input', initial_value: '6' });
    expect(el(blocks, 'team_threshold')).toMatchObject({ initial_value: '75' });
  });

  it('round-trips through Slack-shaped state and the domain validation', () => {
    const blocks = adminModal({ circle, playbooks }).blocks as KnownBlock[];
    const result = validateCircleSettings(parseAdminValues(initialState(blocks)));
    expect(result).toEqual({ ok: true, value: { ...circle } });
  });

  it('round-trips a cleared pairing box and a null name', () => {
    const blocks = adminModal({ circle: { ...circle, pairingEnabled: false, name: null }, playbooks }).blocks as KnownBlock[];
    const result = validateCircleSettings(parseAdminValues(initialState(blocks)));
    expect(result.ok && result.value).toMatchObject({ pairingEnabled: false, name: null });
  });

  it('reports a bad goal on the goal block', () => {
    const state = initialState(adminModal({ circle, playbooks }).blocks as KnownBlock[]);
    state.goal = { goal: { type: 'plain_text_input', value: '50' } };
    const result = validateCircleSettings(parseAdminValues(state));
    expect(result.ok ? {} : settingsErrors(result.errors)).toEqual({ goal: expect.stringMatching(/1 to 20/) });
  });

  it('offers Monday to Wednesday for the plan day, any day for the recap', () => {
    const blocks = adminModal({ circle, playbooks }).blocks as KnownBlock[];
    const values = (id: string) => ((el(blocks, id) as { options: { value: string }[] }).options ?? []).map((o) => o.value);
    expect(values('plan_day')).toEqual(['1', '2', '3']);
    expect(values('recap_day')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('a circle whose plan day is late in the week must choose again, with a plain-words error', () => {
    const view = adminModal({ circle: { ...circle, planDay: 5 }, playbooks });
    expectViewWithinLimits(view);
    const blocks = view.blocks as KnownBlock[];
    expect(el(blocks, 'plan_day')).not.toHaveProperty('initial_option');
    const state = initialState(blocks);
    state.plan_day = { plan_day: { type: 'static_select', selected_option: { value: '5' } } };
    const result = validateCircleSettings(parseAdminValues(state));
    expect(result.ok ? {} : settingsErrors(result.errors)).toEqual({ plan_day: 'Plans go out Monday to Wednesday, so the week has room for five calls.' });
  });

  it('stays within limits with many long playbook titles', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ key: `k${i}`, title: 'T'.repeat(120) }));
    expectViewWithinLimits(adminModal({ circle: { ...circle, name: 'N'.repeat(300) }, playbooks: many }));
  });
});
