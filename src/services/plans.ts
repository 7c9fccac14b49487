/**
 * Weekly plans: at the circle's plan day and time in each member's own zone (solo members: Monday
 * 09:00 local), the member's plan row and its DM are written in one transaction. Missed runs catch up
 * within the same week (the week is always the member's current week) up to Saturday: a member who joins
 * on a Sunday starts with next week's plan. Paused members are skipped.
 */
import type { Circle, Member } from '../db/types.js';
import { playbookOrDefault, playbookWithoutPairing } from '../domain/playbooks.js';
import { dateInWeek, instantAt, isoWeekdayOf, localDateOf, localTimeOf, weekKeyOf, type WeekKey } from '../domain/weeks.js';
import { listMembersWeekCategories } from '../store/calls.js';
import { listActiveCircles } from '../store/circles.js';
import { memberTimeZone } from '../domain/members.js';
import { listActiveMembers } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { getMemberGroup } from '../store/pairings.js';
import { pausedMemberIds } from '../store/pauses.js';
import { insertPlansOnce, membersWithPlan } from '../store/plans.js';
import { listMembers } from '../store/members.js';
import { suggestionsForMembers } from './people.js';
import { DEFAULT_GOAL } from './progress.js';
import { SOLO_PLAN_DAY, SOLO_PLAN_TIME, type ServiceContext } from './messages.js';

const CHUNK = 250;

/** When a member's plan for `week` is due. */
export function planDueAt(member: Member, circle: Circle | undefined, week: WeekKey): Date {
  const tz = memberTimeZone(member);
  return circle ? instantAt(week, circle.plan_day, circle.plan_time, tz) : instantAt(week, SOLO_PLAN_DAY, SOLO_PLAN_TIME, tz);
}

export const planDedupeKey = (memberId: number, week: string): string => `plan:${memberId}:${week}`;

/** Creates and enqueues every plan that is due now and not yet made. Returns how many were created. */
export async function sendDuePlans(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const circles = new Map((await listActiveCircles(db, workspaceId)).map((c) => [c.id, c]));
  const members = await listActiveMembers(db, workspaceId);
  const byWeek = new Map<WeekKey, Member[]>();
  for (const m of members) {
    const week = weekKeyOf(now, memberTimeZone(m));
    const circle = m.circle_id !== null ? circles.get(m.circle_id) : undefined;
    if (now.getTime() < planDueAt(m, circle, week).getTime()) continue;
    // A late plan is worth sending until Saturday; on Sunday the week is over (unless plans go out on Sundays).
    if (isoWeekdayOf(now, memberTimeZone(m)) === 7 && (circle?.plan_day ?? SOLO_PLAN_DAY) !== 7) continue;
    const list = byWeek.get(week) ?? [];
    list.push(m);
    byWeek.set(week, list);
  }
  let created = 0;
  for (const [week, due] of byWeek) {
    const ids = due.map((m) => m.id);
    const [have, paused] = await Promise.all([membersWithPlan(db, workspaceId, ids, week), pausedMemberIds(db, workspaceId, ids, week)]);
    const todo = due.filter((m) => !have.has(m.id) && !paused.has(m.id));
    for (let i = 0; i < todo.length; i += CHUNK) {
      const chunk = todo.slice(i, i + CHUNK);
      created += await db.transaction().execute(async (trx) => {
        const plans = chunk.map((m) => {
          const circle = m.circle_id !== null ? circles.get(m.circle_id) : undefined;
          const pairing = circle?.pairing_enabled ?? false;
          const playbook = pairing ? playbookOrDefault(circle?.playbook) : playbookWithoutPairing(playbookOrDefault(circle?.playbook));
          return { m, circle, playbook, pairing, goal: circle?.goal ?? DEFAULT_GOAL };
        });
        const inserted = await insertPlansOnce(
          trx,
          plans.map((p) => ({
            workspaceId,
            memberId: p.m.id,
            week,
            circleId: p.circle?.id ?? null,
            playbook: p.playbook.key,
            goal: p.goal,
            categories: p.playbook.categories.map((c) => c.key),
            at: now,
          })),
        );
        // Each member's suggestions come from their own people only (one read for the chunk), and a plan
        // made late in the week counts the calls already logged.
        const made = plans.filter((p) => inserted.has(p.m.id));
        const [suggestions, logged] = await Promise.all([
          suggestionsForMembers(trx, clock, workspaceId, made.map((p) => ({ member: p.m, playbook: p.playbook, pairing: p.pairing }))),
          listMembersWeekCategories(trx, workspaceId, made.map((p) => p.m.id), week),
        ]);
        for (const p of plans) {
          if (!inserted.has(p.m.id)) continue;
          const partners = p.pairing ? await partnerSlackIds(trx, workspaceId, p.m.id, week) : [];
          const msg = ctx.messages({ kind: 'weeklyPlan',
            displayName: p.m.display_name,
            week,
            playbook: p.playbook,
            goal: p.goal,
            pairing: p.pairing,
            partnerSlackUserIds: partners,
            dates: { start: dateInWeek(week, 1), end: dateInWeek(week, 7) },
            suggestions: suggestions.get(p.m.id) ?? [],
            today: localDateOf(now, memberTimeZone(p.m)),
            localTime: localTimeOf(now, memberTimeZone(p.m)),
            loggedCategories: logged.get(p.m.id) ?? [],
          });
          await enqueueMessage(trx, {
            ...memberDm(p.m, msg),
            dedupeKey: planDedupeKey(p.m.id, week),
            kind: 'plan',
            circleId: p.circle?.id ?? null,
            at: now,
          });
        }
        return inserted.size;
      });
    }
  }
  return created;
}

async function partnerSlackIds(db: ServiceContext['db'], workspaceId: string, memberId: number, week: string): Promise<string[]> {
  const group = await getMemberGroup(db, workspaceId, memberId, week);
  if (!group) return [];
  const others = await listMembers(db, workspaceId, group.memberIds.filter((id) => id !== memberId));
  return others.map((m) => m.slack_user_id);
}
