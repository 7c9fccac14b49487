/**
 * Playbooks: the sets of call categories a circle works through each week.
 *
 * A playbook is plain data (a key, a title and an ordered list of categories) so that a circle can
 * later bring its own; nothing in the code switches on a particular category key. The order of
 * `categories` is the order in which the weekly plan lists them and `/calls today` suggests them.
 *
 * Two playbooks are built in: "five-calls" (the default) and "keep-in-touch". All wording is ours.
 * Every string stays well below Slack's limits (titles at most 60 characters, others at most 300).
 */

export interface Category {
  /** Stable identifier stored with each logged call, e.g. `soundboard`. */
  key: string;
  /** Short human title, at most 60 characters. */
  title: string;
  /** Slack emoji shortcode, e.g. `:telephone_receiver:`. */
  emoji: string;
  /** One line on why this call is worth making. */
  why: string;
  /** Two or three ways to open the conversation. */
  starters: string[];
  /** How to end the call well. */
  close: string;
  /** What to say if the call goes to voicemail. */
  voicemail: string;
  /**
   * How the category reads when there is no weekly pairing (a circle with pairing off, or a solo
   * member): for a category that leans on the soundboard partner.
   */
  withoutPairing?: { title: string; why: string };
}

export interface Playbook {
  key: string;
  title: string;
  categories: Category[];
}

/** Limits every playbook string must respect (checked by the tests and by {@link validatePlaybook}). */
export const PLAYBOOK_LIMITS = { title: 60, text: 300, minStarters: 2, maxStarters: 3 } as const;

export const DEFAULT_PLAYBOOK_KEY = 'five-calls';

const FIVE_CALLS: Playbook = {
  key: 'five-calls',
  title: 'Five calls a week',
  categories: [
    {
      key: 'soundboard',
      title: 'Soundboard partner',
      emoji: ':telephone_receiver:',
      why: "Your partner for the week. Swap notes on what you're each working on, then talk it over within a day.",
      withoutPairing: {
        title: 'Soundboard call',
        why: "Pick a colleague you trust. Swap notes on what you're each working on, then talk it over within a day.",
      },
      starters: [
        'Which thing on your list this week is really worth your hours?',
        'Here is what I plan to spend my week on. What looks like a waste to you?',
        'What do you think is missing from my plan?',
      ],
      close: 'Agree on one thing each of you will drop or change, and thank them for the honest read.',
      voicemail: "Say it's your soundboard call, that your notes are in their inbox, and when you're free to talk today.",
    },
    {
      key: 'stretch',
      title: 'Someone who stretches you',
      emoji: ':rocket:',
      why: 'A person whose bar sits higher than yours. Time with them pulls your own standard up.',
      starters: [
        'What are you holding yourself to lately that most people in your field skip?',
        "I've been stuck on one problem. How would you come at it?",
        "What's the last thing you changed your mind about at work?",
      ],
      close: 'Keep it short so their time feels well spent. Ask whether there is anything you can do for them, and thank them.',
      voicemail: "Mention what you've been working on that made you think of them, one question you'd value their view on, and your number.",
    },
    {
      key: 'outside-lane',
      title: 'Someone outside your lane',
      emoji: ':compass:',
      why: 'A founder, designer or salesperson sees your work from an angle you cannot, and knows people you do not.',
      starters: [
        'What are you noticing in your field that outsiders tend to miss?',
        'What does a good week look like in your job?',
        'What do people in my line of work usually get wrong about yours?',
      ],
      close: 'Ask if there is someone they think you should meet, offer the same in return, and thank them.',
      voicemail: 'Say who you are, how you came across their work, what you are curious about, and the best way to reach you.',
    },
    {
      key: 'past-collaborator',
      title: 'A past collaborator',
      emoji: ':handshake:',
      why: 'Someone you enjoyed working with. A short catch-up keeps the door open; good openings often come this way.',
      starters: [
        'What are you working on these days?',
        'How has the new role been treating you?',
        'I was thinking about that project we did together. What did you take away from it?',
      ],
      close: 'Ask whether there is anything you can help with right now, suggest coffee if you live nearby, and thank them.',
      voicemail: "Tell them you were thinking of them, what reminded you, and how to get back to you. No need for a reason beyond that.",
    },
    {
      key: 'younger-mentor',
      title: 'A younger mentor',
      emoji: ':seedling:',
      why: 'Someone about ten years younger who knows the new tools and habits. Trade what you know for what they know.',
      starters: [
        'Which tool changed how you work this year?',
        'What do people my age keep getting wrong about how your generation works?',
        'If you were starting in my role today, what would you do first?',
      ],
      close: 'Offer something from your own experience in return, set a time to try what they showed you, and thank them.',
      voicemail: 'Say you would love twenty minutes to learn how they use one tool or habit, and leave your number.',
    },
  ],
};

const KEEP_IN_TOUCH: Playbook = {
  key: 'keep-in-touch',
  title: 'Keep in touch',
  categories: [
    {
      key: 'birthday',
      title: 'A birthday call',
      emoji: ':birthday:',
      why: 'A voice on someone\'s birthday stays with them far longer than one more message on a feed.',
      starters: [
        'Happy birthday! How are you spending the day?',
        'What was the best part of your year so far?',
      ],
      close: 'Keep it light and brief, wish them a good year ahead, and let them get back to their day.',
      voicemail: 'Sing a line if you dare, or just wish them a happy birthday, say you were thinking of them, and that no call back is needed.',
    },
    {
      key: 'mentor',
      title: 'A mentor',
      emoji: ':owl:',
      why: 'Half an hour on the phone with a mentor gives you what a long lunch would, in far less of their time.',
      starters: [
        'Here is what changed since we last spoke. What stands out to you?',
        "I'm weighing one decision right now. Can I walk you through it?",
      ],
      close: 'Tell them what you will do with their advice, ask how you can help them, and thank them.',
      voicemail: 'Give a one-line update, say you would value their view on one question, and when you are easy to reach.',
    },
    {
      key: 'mentee',
      title: 'A mentee',
      emoji: ':sunflower:',
      why: "Ring them before they think to ring you. It tells them you're in their corner.",
      starters: [
        'What is taking up most of your head at work right now?',
        'What went better than you expected this month?',
        'Is there anything you are hesitant to ask anyone about?',
      ],
      close: 'Agree on one small next step, remind them they can call you any time, and wish them luck.',
      voicemail: 'Say you were checking in on how things are going, that there is nothing urgent, and how to reach you.',
    },
    {
      key: 'past-client',
      title: 'A past client',
      emoji: ':briefcase:',
      why: 'A call with nothing to sell reminds a former client why they liked working with you.',
      starters: [
        'How did things turn out after we finished working together?',
        'What is your team focused on this year?',
      ],
      close: 'Keep your pitch out of it. Ask if there is anything you can help with, and thank them for their time.',
      voicemail: 'Say you were thinking of them and their team, that you are only calling to catch up, and leave your number.',
    },
    {
      key: 'former-coworker',
      title: 'A former co-worker',
      emoji: ':wave:',
      why: 'Pick someone you got on well with. A short call keeps an old friendship at work alive.',
      starters: [
        'Where are you these days, and how is it?',
        'Do you still keep up with anyone from the old team?',
        'What is the best thing that happened to you since we worked together?',
      ],
      close: 'Suggest a coffee if you are nearby, ask whether you can help with anything, and thank them for picking up.',
      voicemail: 'Say you were remembering your time on the same team, that you would love to catch up, and how to reach you.',
    },
  ],
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The built-in playbooks by key (deeply frozen). */
export const PLAYBOOKS: Readonly<Record<string, Playbook>> = deepFreeze({
  [FIVE_CALLS.key]: FIVE_CALLS,
  [KEEP_IN_TOUCH.key]: KEEP_IN_TOUCH,
});

/** The built-in playbook with this key, or `undefined`. */
export function getPlaybook(key: string): Playbook | undefined {
  return Object.hasOwn(PLAYBOOKS, key) ? PLAYBOOKS[key] : undefined;
}

/** The built-in playbook with this key, or the default playbook when the key is unknown. */
export function playbookOrDefault(key: string | null | undefined): Playbook {
  return (key ? getPlaybook(key) : undefined) ?? (PLAYBOOKS[DEFAULT_PLAYBOOK_KEY] as Playbook);
}

/** Keys of the built-in playbooks, default first. */
export function playbookKeys(): string[] {
  return [DEFAULT_PLAYBOOK_KEY, ...Object.keys(PLAYBOOKS).filter((k) => k !== DEFAULT_PLAYBOOK_KEY)];
}

/** The playbook as it reads without weekly pairing: categories with a `withoutPairing` wording use it. */
export function playbookWithoutPairing(playbook: Playbook): Playbook {
  if (!playbook.categories.some((c) => c.withoutPairing)) return playbook;
  return { ...playbook, categories: playbook.categories.map((c) => (c.withoutPairing ? { ...c, ...c.withoutPairing } : c)) };
}

/** A category of `playbook` by key, or `undefined`. */
export function findCategory(playbook: Playbook, key: string): Category | undefined {
  return playbook.categories.find((c) => c.key === key);
}

/**
 * Problems with a playbook (empty when it is usable): unique non-empty keys, titles within 60
 * characters, other strings within 300, two or three starters per category. For custom playbooks.
 */
export function validatePlaybook(playbook: Playbook): string[] {
  const problems: string[] = [];
  const text = (where: string, value: string, max: number): void => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${where} is empty.`);
    else if ([...value].length > max) problems.push(`${where} is longer than ${max} characters.`);
  };
  text('Playbook key', playbook.key, PLAYBOOK_LIMITS.title);
  text('Playbook title', playbook.title, PLAYBOOK_LIMITS.title);
  if (playbook.categories.length === 0) problems.push('Playbook has no categories.');
  const seen = new Set<string>();
  for (const c of playbook.categories) {
    const at = `Category ${JSON.stringify(c.key)}`;
    if (seen.has(c.key)) problems.push(`${at} appears twice.`);
    seen.add(c.key);
    text(`${at} key`, c.key, PLAYBOOK_LIMITS.title);
    text(`${at} title`, c.title, PLAYBOOK_LIMITS.title);
    if (!/^:[a-z0-9_+-]+:$/.test(c.emoji)) problems.push(`${at} emoji is not a Slack shortcode.`);
    text(`${at} why`, c.why, PLAYBOOK_LIMITS.text);
    text(`${at} close`, c.close, PLAYBOOK_LIMITS.text);
    text(`${at} voicemail`, c.voicemail, PLAYBOOK_LIMITS.text);
    if (c.starters.length < PLAYBOOK_LIMITS.minStarters || c.starters.length > PLAYBOOK_LIMITS.maxStarters) {
      problems.push(`${at} needs two or three starters.`);
    }
    c.starters.forEach((s, i) => text(`${at} starter ${i + 1}`, s, PLAYBOOK_LIMITS.text));
    if (c.withoutPairing) {
      text(`${at} title without pairing`, c.withoutPairing.title, PLAYBOOK_LIMITS.title);
      text(`${at} why without pairing`, c.withoutPairing.why, PLAYBOOK_LIMITS.text);
    }
  }
  return problems;
}
