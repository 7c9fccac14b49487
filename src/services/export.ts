/**
 * CSV exports: `/calls export` (a member's own calls, notes and people included: it goes to them alone)
 * and `/calls export circle` (a circle's calls per member and week, counts only, for the circle's
 * admin). The files are built by src/domain/export.ts with csv-stringify; the listener delivers them.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Member } from '../db/types.js';
import { circleWeeklyCountsCsv, memberCallsCsv } from '../domain/export.js';
import { canAdminister, memberTimeZone } from '../domain/members.js';
import { findCategory, playbookOrDefault } from '../domain/playbooks.js';
import { localDateOf } from '../domain/weeks.js';
import { circleOf } from '../store/circles.js';
import { countCircleCallsByMemberWeek, listMemberCallsForExport } from '../store/export.js';

export type ExportResult =
  | { ok: true; csv: string; filename: string; title: string; rows: number }
  | { ok: false; message: string };

/** A member's own calls as CSV, category keys shown as their playbook's titles. */
export async function memberCallsExport(db: Db, clock: Clock, member: Member): Promise<ExportResult> {
  const rows = await listMemberCallsForExport(db, member.workspace_id, member.id);
  if (rows.length === 0) return { ok: false, message: "You haven't logged any calls yet, so there's nothing to export. Log one with `/calls log`." };
  const playbook = playbookOrDefault((await circleOf(db, member))?.playbook);
  const csv = memberCallsCsv(rows.map((r) => ({ ...r, category: findCategory(playbook, r.category)?.title ?? r.category })));
  const today = localDateOf(clock.now(), memberTimeZone(member));
  return { ok: true, csv, filename: `call-buddy-my-calls-${today}.csv`, title: `My calls (${today})`, rows: rows.length };
}

/**
 * The member's circle's calls per member and week (counts only: no contact names, no notes; hidden
 * members as "anonymous N"), for the circle's creator or a workspace admin.
 */
export async function circleCountsExport(db: Db, clock: Clock, member: Member, isWorkspaceAdmin: boolean): Promise<ExportResult> {
  const circle = await circleOf(db, member);
  if (!circle) return { ok: false, message: "You're not in a circle, so there's no circle to export. `/calls export` gives you your own calls." };
  if (!canAdminister(member, circle, isWorkspaceAdmin)) {
    return { ok: false, message: `Only the person who started the circle of <#${circle.channel_id}> (<@${circle.created_by}>) or a workspace admin can export its counts. \`/calls export\` gives you your own calls.` };
  }
  const rows = await countCircleCallsByMemberWeek(db, member.workspace_id, circle.id);
  if (rows.length === 0) return { ok: false, message: `No calls have been logged in <#${circle.channel_id}> yet, so there's nothing to export.` };
  const today = localDateOf(clock.now(), circle.tz);
  const name = (circle.name ?? 'circle').replace(/[^A-Za-z0-9_-]+/g, '-');
  return { ok: true, csv: circleWeeklyCountsCsv(rows), filename: `call-buddy-${name}-weekly-counts-${today}.csv`, title: `#${name}: calls per member and week (${today})`, rows: rows.length };
}
