/**
 * CSV exports (`/calls export`, `/calls export circle`), built with csv-stringify: RFC 4180 quoting,
 * CRLF line ends, a UTF-8 byte-order mark so spreadsheet programs read names with accents right.
 * Every text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading single quote (csv-stringify's `escape_formulas`).
 *
 * A member's own export carries their notes and the people they called (it goes to them alone); the
 * circle export carries counts per member and week only: its row type has no field for a contact or a
 * note, and members hidden from boards are "anonymous".
 */
import { stringify } from 'csv-stringify/sync';
import { OUTCOME_LABELS, type CheckIn } from './checkin.js';

/** One call as exported: the check-in's own fields, plus where it sits and whom it was with. */
export interface ExportCallRow extends Pick<CheckIn, 'outcome' | 'minutes' | 'callback' | 'opportunity' | 'followUp' | 'notes'> {
  /** YYYY-MM-DD, the member's local date of the call. */
  date: string;
  /** ISO week key, e.g. `2026-W10`. */
  week: string;
  /** The category's label (or key) as the member sees it. */
  category: string;
  person: string;
}

export interface WeeklyCountRow {
  week: string;
  /** Keys "anonymous N" (two members may share a display name). */
  memberId: number;
  /** The member's display name; replaced by "anonymous N" when `visible` is false. */
  member: string;
  visible: boolean;
  calls: number;
  conversations: number;
  voicemails: number;
  noAnswer: number;
}

export const MEMBER_CALLS_COLUMNS = ['date', 'week', 'category', 'person', 'outcome', 'minutes', 'callback', 'opportunity', 'follow-up', 'notes'] as const;
export const CIRCLE_COUNTS_COLUMNS = ['week', 'member', 'calls', 'conversations', 'voicemails', 'no answer'] as const;

function csv(header: readonly string[], records: (string | number)[][]): string {
  return stringify([[...header], ...records], { bom: true, record_delimiter: 'windows', escape_formulas: true });
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** A member's calls, in the order given (the store's export order: date, then logging order). */
export function memberCallsCsv(rows: readonly ExportCallRow[]): string {
  return csv(
    MEMBER_CALLS_COLUMNS,
    rows.map((r) => [
      r.date, r.week, r.category, r.person, OUTCOME_LABELS[r.outcome], r.minutes ?? '', yesNo(r.callback), yesNo(r.opportunity),
      r.followUp ?? '', r.notes ?? '',
    ]),
  );
}

/**
 * A circle's counts per member and week. Hidden members are numbered "anonymous 1", "anonymous 2" … in
 * order of first appearance, the same number for the same member across weeks of one export.
 */
export function circleWeeklyCountsCsv(rows: readonly WeeklyCountRow[]): string {
  const anonymous = new Map<number, string>();
  const label = (r: WeeklyCountRow): string => {
    if (r.visible) return r.member;
    let name = anonymous.get(r.memberId);
    if (name === undefined) {
      name = `anonymous ${anonymous.size + 1}`;
      anonymous.set(r.memberId, name);
    }
    return name;
  };
  return csv(CIRCLE_COUNTS_COLUMNS, rows.map((r) => [r.week, label(r), r.calls, r.conversations, r.voicemails, r.noAnswer]));
}
