/** Worst-case inputs shared by the view tests. */
import type { Category, Playbook } from '../../../src/domain/playbooks.js';
import { PLAYBOOKS } from '../../../src/domain/playbooks.js';
import type { WeekSquare } from '../../../src/domain/streaks.js';
import { suggestToday } from '../../../src/domain/today.js';
import type { HomeProgress } from '../../../src/slack/views/progress.js';

export const FIVE_CALLS = PLAYBOOKS['five-calls'] as Playbook;
export const KEEP_IN_TOUCH = PLAYBOOKS['keep-in-touch'] as Playbook;

/** A 50-character name with characters mrkdwn cares about. */
export const LONG_NAME = 'Bartholomew <Alexander> & Fitzgerald-Worthington-Sm'.slice(0, 50);

/** A playbook at the domain's limits: 12 categories, 60-character titles, 300-character texts, 3 starters. */
export function longPlaybook(count = 12): Playbook {
  const t300 = 'x'.repeat(299) + '.';
  const categories: Category[] = Array.from({ length: count }, (_, i) => ({
    key: `category-with-a-long-key-number-${String(i).padStart(2, '0')}`.slice(0, 60),
    title: `${'A very long category title number '}${i}`.padEnd(60, '!'),
    emoji: ':telephone_receiver:',
    why: t300,
    starters: [t300, t300, t300],
    close: t300,
    voicemail: t300,
  }));
  return { key: 'long', title: 'L'.repeat(60), categories };
}

/** Slack-ish user ids U0000001... */
export function userIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `U${String(i + 1).padStart(8, '0')}`);
}


/** A member's progress as the service builds it (only what the builders read). */
export function progressOf(options: {
  playbook?: Playbook;
  done?: string[];
  extraCalls?: number;
  goal?: number;
  isoWeekday?: number;
  paused?: boolean;
  conversations?: number;
  streak?: { current: number; best: number };
  squares?: WeekSquare[];
} = {}): HomeProgress {
  const playbook = options.playbook ?? FIVE_CALLS;
  const calls = [...(options.done ?? []).map((category) => ({ category })), ...Array.from({ length: options.extraCalls ?? 0 }, () => ({ category: 'gone' }))];
  const goal = options.goal ?? 5;
  return {
    playbook,
    goal,
    week: '2026-W48',
    suggestion: suggestToday({ playbook, calls, isoWeekday: options.isoWeekday ?? 3, goal }),
    conversations: options.conversations ?? 0,
    streak: options.streak ?? { current: 2, best: 4 },
    pausedThisWeek: options.paused ?? false,
    squares: options.squares ?? [
      { week: '2026-W41', calls: 5, state: 'complete' },
      { week: '2026-W42', calls: 2, state: 'partial' },
      { week: '2026-W43', calls: 0, state: 'missed' },
      { week: '2026-W44', calls: 0, state: 'paused' },
      { week: '2026-W45', calls: 5, state: 'complete' },
      { week: '2026-W46', calls: 6, state: 'complete' },
      { week: '2026-W47', calls: 5, state: 'complete' },
      { week: '2026-W48', calls: 1, state: 'current' },
    ],
  };
}

/** Every button in a list of blocks (actions elements and section accessories). */
export function buttonsOf(blocks: readonly unknown[]): { action_id: string; value?: string; text: { text: string } }[] {
  const out: { action_id: string; value?: string; text: { text: string } }[] = [];
  for (const b of blocks as Record<string, unknown>[]) {
    const elements = b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : b.accessory ? [b.accessory as Record<string, unknown>] : [];
    for (const e of elements) if (e.type === 'button') out.push(e as unknown as { action_id: string; value?: string; text: { text: string } });
  }
  return out;
}
