/**
 * The soundboard brief: what a partner shares in the pair's group DM (validated here), and the call
 * time proposed once everyone shared: the first half hour inside every partner's working hours, on a
 * working day (Monday to Friday) in each partner's zone; when there is none, the least-bad hour (the
 * fewest minutes outside anyone's hours). Pure: the zones' offsets come in as a function.
 */
import { isHHMM, parseHHMM } from './weeks.js';

export type BriefField = 'working_on' | 'ideas' | 'unsure';

export const BRIEF_LIMITS = { maxChars: 1000 } as const;
export const DEFAULT_WORK_HOURS = { start: '09:00', end: '18:00' } as const;

export interface RawBrief {
  working_on?: string | null;
  ideas?: string | null;
  unsure?: string | null;
}

export interface BriefValue {
  workingOn: string;
  ideas: string;
  unsure: string | null;
}

export type BriefResult = { ok: true; value: BriefValue } | { ok: false; errors: Partial<Record<BriefField, string>> };

const chars = (s: string): number => [...s].length;

export function validateBrief(raw: RawBrief): BriefResult {
  const errors: Partial<Record<BriefField, string>> = {};
  const workingOn = (raw.working_on ?? '').trim();
  const ideas = (raw.ideas ?? '').trim();
  const unsure = (raw.unsure ?? '').trim();
  if (workingOn === '') errors.working_on = "Write a line or two on what you're working on this week.";
  if (ideas === '') errors.ideas = 'Name at least one idea or task you want a second opinion on.';
  for (const [field, v] of [['working_on', workingOn], ['ideas', ideas], ['unsure', unsure]] as const) {
    if (chars(v) > BRIEF_LIMITS.maxChars) errors[field] = `Keep it under ${BRIEF_LIMITS.maxChars} characters (this is ${chars(v)}).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { workingOn, ideas, unsure: unsure === '' ? null : unsure } };
}

export type WorkHoursField = 'work_start' | 'work_end';

/** Working hours: two `HH:MM` times, the end at least an hour after the start. */
export function validateWorkHours(start: string, end: string): Partial<Record<WorkHoursField, string>> {
  const errors: Partial<Record<WorkHoursField, string>> = {};
  if (!isHHMM(start)) errors.work_start = 'Pick the time your working day starts.';
  if (!isHHMM(end)) errors.work_end = 'Pick the time your working day ends.';
  if (Object.keys(errors).length === 0 && minuteOfDay(end) - minuteOfDay(start) < 60) {
    errors.work_end = 'Your working day must end at least an hour after it starts (same day).';
  }
  return errors;
}

function minuteOfDay(time: string): number {
  const hm = parseHHMM(time)!;
  return hm.hours * 60 + hm.minutes;
}

export interface Partner {
  id: string;
  workStart: string;
  workEnd: string;
  /** The partner's UTC offset in minutes at an instant (from their time zone). */
  offsetAt: (instant: Date) => number;
}

export interface Proposal {
  at: Date;
  /** True when the time is inside everyone's working hours; false for the least-bad hour. */
  overlap: boolean;
  /** Minutes outside working hours, per partner id (0 for all when `overlap`). */
  outside: Record<string, number>;
}

const SLOT_MS = 30 * 60_000;
const CALL_MINUTES = 30;

/** Minutes of a 30-minute call at `at` that fall outside the partner's working day (weekends: all). */
function minutesOutside(p: Partner, at: Date): number {
  const localMs = at.getTime() + p.offsetAt(at) * 60_000;
  const local = new Date(localMs);
  const weekday = local.getUTCDay(); // 0 Sunday … 6 Saturday, of the wall clock
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const start = minuteOfDay(p.workStart);
  const end = minuteOfDay(p.workEnd);
  const weekendPenalty = weekday === 0 || weekday === 6 ? 12 * 60 : 0;
  const early = Math.max(0, start - minute);
  const late = Math.max(0, minute + CALL_MINUTES - end);
  return weekendPenalty + early + late;
}

/**
 * The call time for a group: the first half hour from `from` (rounded up to the next :00 or :30, at
 * least `leadMinutes` ahead) within `horizonHours` that is inside every partner's working hours on a
 * weekday; else, within the first 24 hours, the slot with the fewest minutes outside anyone's hours.
 */
export function proposeCallTime(partners: readonly Partner[], from: Date, options: { leadMinutes?: number; horizonHours?: number } = {}): Proposal {
  const lead = (options.leadMinutes ?? 60) * 60_000;
  const horizon = (options.horizonHours ?? 72) * 3_600_000;
  const first = Math.ceil((from.getTime() + lead) / SLOT_MS) * SLOT_MS;
  let best: { at: number; cost: number; outside: Record<string, number> } | null = null;
  for (let t = first; t <= first + horizon; t += SLOT_MS) {
    const at = new Date(t);
    const outside: Record<string, number> = {};
    let cost = 0;
    for (const p of partners) {
      outside[p.id] = minutesOutside(p, at);
      cost += outside[p.id]!;
    }
    if (cost === 0) return { at, overlap: true, outside };
    // The least-bad hour is looked for within a day: a call much later loses the point of the ritual.
    if (t - first < 24 * 3_600_000 && (best === null || cost < best.cost)) best = { at: t, cost, outside };
  }
  return { at: new Date(best!.at), overlap: false, outside: best!.outside };
}
