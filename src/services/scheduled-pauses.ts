/**
 * Pause expiry. A pause needs no action when it ends: paused weeks are read from the pauses table, so
 * the first week after `last_week` is simply an ordinary week and that Monday's plan DM is the member's
 * welcome back. No separate "welcome back" DM is sent (it would be a second bot message the same
 * morning). The job only records each ended pause once (job mark `pause-ended:<pause id>`), so the
 * tick report and logs show it.
 */
import { prevWeek, weekKeyOf } from '../domain/weeks.js';
import { listPausesEndingBefore, markJobOnce, markedKeys } from '../store/job-marks.js';
import { memberTimeZone } from '../domain/members.js';
import { listActiveMembers } from '../store/members.js';
import type { ServiceContext } from './messages.js';

export async function expirePauses(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const members = new Map((await listActiveMembers(db, workspaceId)).map((m) => [m.id, m]));
  if (members.size === 0) return 0;
  // The earliest zone on Earth is the first to leave a week behind.
  const pauses = await listPausesEndingBefore(db, workspaceId, weekKeyOf(now, 'Pacific/Kiritimati'));
  const ended = pauses.filter((p) => {
    const m = members.get(p.member_id);
    return m !== undefined && p.last_week <= prevWeek(weekKeyOf(now, memberTimeZone(m)));
  });
  const done = await markedKeys(db, workspaceId, ended.map((p) => `pause-ended:${p.id}`));
  let count = 0;
  for (const p of ended) {
    if (done.has(`pause-ended:${p.id}`)) continue;
    if (await markJobOnce(db, workspaceId, `pause-ended:${p.id}`, now)) count++;
  }
  return count;
}
