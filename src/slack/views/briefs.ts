/**
 * The soundboard brief: the "Share my week" modal, the brief as posted into the pair's group DM, the
 * proposed call time (each person's own time), the gentle nudge to a partner who has not shared, and
 * the line the mid-week check adds.
 */
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { BRIEF_LIMITS, type BriefField } from '../../domain/briefs.js';
import type { BriefNudgeInput, BriefProposalInput, BriefSharedInput, ProposedTime } from '../../services/messages.js';
import { LIMITS, actions, button, context, dayDate, esc, fallback, listJoin, mention, plain, section, type SlackMessage } from './blocks.js';
import { ACTION, BRIEF_BLOCK, CALLBACK } from './ids.js';
import { readText, type ViewStateValues } from './state.js';

export function shareMyWeekButton(groupId: number) {
  return button('Share my week', ACTION.briefOpen, String(groupId), 'primary');
}

function input(blockId: string, label: string, placeholder: string, initial: string | null | undefined, optional: boolean, hint: string): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    optional,
    hint: plain(hint),
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      multiline: true,
      max_length: BRIEF_LIMITS.maxChars,
      placeholder: plain(placeholder),
      ...(initial ? { initial_value: [...initial].slice(0, BRIEF_LIMITS.maxChars).join('') } : {}),
    },
  };
}

export function briefModal(args: { groupId: number; previous?: { workingOn: string; ideas: string; unsure: string | null } | null }): ModalView {
  const p = args.previous;
  return {
    type: 'modal',
    callback_id: CALLBACK.brief,
    title: plain('Share my week', LIMITS.viewTitle),
    submit: plain('Share', LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    private_metadata: JSON.stringify({ groupId: args.groupId }),
    blocks: [
      section(":speech_balloon: This goes to your soundboard partners in your group DM, and to no one else. Then talk it through on a call."),
      input(BRIEF_BLOCK.workingOn, "What I'm working on", 'The tasks and projects of this week', p?.workingOn, false, 'A line or two is plenty.'),
      input(BRIEF_BLOCK.ideas, 'Ideas I want a second opinion on', 'Which of these is worth the time?', p?.ideas, false, 'What should your partner push back on?'),
      input(BRIEF_BLOCK.unsure, "What I'm unsure about", 'Anything missing, risky or unclear', p?.unsure, true, 'Optional.'),
    ],
  } satisfies ModalView;
}

export function parseBriefValues(values: ViewStateValues): { working_on: string | null; ideas: string | null; unsure: string | null } {
  return { working_on: readText(values, BRIEF_BLOCK.workingOn), ideas: readText(values, BRIEF_BLOCK.ideas), unsure: readText(values, BRIEF_BLOCK.unsure) };
}

export function briefErrors(errors: Partial<Record<BriefField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (v) out[k] = v;
  return out;
}

/** Quoted, escaped text for a section (each line quoted). */
function quote(text: string): string {
  return text.split('\n').map((l) => `>${esc(l)}`).join('\n');
}

export function briefSharedMessage(b: BriefSharedInput): SlackMessage {
  const blocks: KnownBlock[] = [
    section(`:speech_balloon: ${mention(b.slackUserId)} ${b.version > 1 ? 'updated their week' : 'shared their week'}.`),
    section(`*Working on*\n${quote(b.workingOn)}`),
    section(`*Second opinion wanted on*\n${quote(b.ideas)}`),
  ];
  if (b.unsure) blocks.push(section(`*Unsure about*\n${quote(b.unsure)}`));
  if (b.waitingFor.length > 0) blocks.push(context(`Waiting for ${listJoin(b.waitingFor.map(mention))} to share; then I'll propose a call time that suits you all.`));
  return { text: fallback('A soundboard partner shared their week.'), blocks };
}

/** "Tue 8 Dec 14:00 for @Ava (New York)", one line per person. */
export function proposalLines(p: ProposedTime): string[] {
  return p.people.map((x) => `• ${mention(x.slackUserId)}: *${dayDate(x.date)}, ${x.time}* (${esc(x.city)})`);
}

export function briefProposalMessage(p: BriefProposalInput): SlackMessage {
  const head = p.overlap
    ? ':calendar: *Everyone has shared. How about a call at this time?* It is inside all your working hours:'
    : ":calendar: *Everyone has shared.* Your working hours don't overlap, so here is the least-bad time (the fewest hours outside anyone's day):";
  return {
    text: fallback(p.overlap ? 'A call time for your soundboard call.' : 'No overlap in your working hours: the least-bad time for your soundboard call.'),
    blocks: [
      section(head),
      section(proposalLines(p).join('\n')),
      context('Each of you sees your own time. Settle on another in this DM if it does not suit; working hours are in `/calls settings`.'),
    ],
  };
}

export function briefNudgeMessage(n: BriefNudgeInput): SlackMessage {
  const partners = listJoin(n.partners.map(mention));
  const sharedLine = n.shared.length > 0 ? `${listJoin(n.shared.map(mention))} already shared their week.` : 'Nobody has shared yet: you could go first.';
  return {
    text: fallback('Share your week with your soundboard partner.'),
    blocks: [
      section(`:wave: A gentle nudge: ${partners} ${n.partners.length === 1 ? 'is' : 'are'} your soundboard ${n.partners.length === 1 ? 'partner' : 'partners'} this week. ${sharedLine}`),
      actions([shareMyWeekButton(n.groupId)], 'brief_nudge'),
      context("Once you've all shared I'll propose a call time inside your working hours. Only this one reminder."),
    ],
  };
}

/** The line the mid-week check adds when a call time was proposed. */
export function midweekProposalLine(p: ProposedTime): string {
  return `:calendar: The proposed call time: ${p.people.map((x) => `${mention(x.slackUserId)} ${dayDate(x.date)}, ${x.time}`).join(' · ')}${p.overlap ? '' : ' (outside some working hours)'}.`;
}
