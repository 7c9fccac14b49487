// When the app cannot tell the sandbox its next scheduled event, the sandbox works it out from the
// demo circle's known schedule (DESIGN.md; README.md, "Scheduled work and delivery"): weekly plans Monday 09:00 and the
// streak-at-risk nudge Thursday 15:00 in each member's zone; pairing Monday 09:00, mid-week check
// Thursday 10:00 and recap Friday 16:00 in the circle's zone.

import { addDays, instantAtDate, isoWeekdayOfDate, isValidTimeZone, localDateOf } from './dates.js';

export interface ScheduledEvent {
  at: Date;
  label: string;
}

interface Rule {
  weekday: number;
  time: string;
  label: string;
}

const CIRCLE_RULES: Rule[] = [
  { weekday: 1, time: '09:00', label: 'Soundboard pairing' },
  { weekday: 4, time: '10:00', label: 'Mid-week check' },
  { weekday: 5, time: '16:00', label: 'Weekly recap' },
];

const ZONE_CITY = (tz: string): string => (tz.split('/').pop() ?? tz).replace(/_/g, ' ');

/** The first event strictly after `after`. */
export function nextKnownEvent(after: Date, circleTz: string, memberZones: string[]): ScheduledEvent | null {
  const candidates: ScheduledEvent[] = [];
  const zones = [...new Set(memberZones.filter(isValidTimeZone))];
  const add = (tz: string, rule: Rule): void => {
    const start = localDateOf(after, tz);
    for (let d = 0; d <= 8; d++) {
      const date = addDays(start, d);
      if (isoWeekdayOfDate(date) !== rule.weekday) continue;
      const at = instantAtDate(date, rule.time, tz);
      if (at.getTime() > after.getTime()) {
        candidates.push({ at, label: rule.label });
        return;
      }
    }
  };
  for (const tz of zones) {
    add(tz, { weekday: 1, time: '09:00', label: `Weekly plans (${ZONE_CITY(tz)})` });
    add(tz, { weekday: 4, time: '15:00', label: `Streak-at-risk nudges (${ZONE_CITY(tz)})` });
  }
  if (isValidTimeZone(circleTz)) for (const rule of CIRCLE_RULES) add(circleTz, rule);
  candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = candidates[0];
  if (!first) return null;
  // Events at the same instant are one jump.
  const same = candidates.filter((c) => c.at.getTime() === first.at.getTime()).map((c) => c.label);
  return { at: first.at, label: [...new Set(same)].join(' + ') };
}
