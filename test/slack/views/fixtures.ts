/** Worst-case inputs shared by the view tests. */
import type { Category, Playbook } from '../../../src/domain/playbooks.js';
import { PLAYBOOKS } from '../../../src/domain/playbooks.js';

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
