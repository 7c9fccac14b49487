import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { circleWeeklyCountsCsv, memberCallsCsv, type ExportCallRow, type WeeklyCountRow } from '../../src/domain/export.js';

const BOM = '\uFEFF';
const call = (over: Partial<ExportCallRow> = {}): ExportCallRow => ({
  date: '2026-03-02', week: '2026-W10', category: 'Soundboard', person: 'Grace Hopper', outcome: 'conversation', minutes: 15,
  callback: false, opportunity: true, followUp: '2026-03-09', notes: 'Talked about "compilers", then lunch.\nCall back in May.', ...over,
});
const rowsOf = (csv: string): string[][] => parse(csv.slice(BOM.length), { relax_column_count: false }) as string[][];

describe('memberCallsCsv', () => {
  it('writes a header and one row per call, quoted by the library (commas, quotes, new lines survive a round trip)', () => {
    const csv = memberCallsCsv([call(), call({ date: '2026-03-03', person: 'Lin, Ada', outcome: 'no_answer', minutes: null, followUp: null, notes: null, opportunity: false, callback: true })]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`${BOM}date,week,category,person,outcome,minutes,callback,opportunity,follow-up,notes`);
    expect(rowsOf(csv)).toEqual([
      ['date', 'week', 'category', 'person', 'outcome', 'minutes', 'callback', 'opportunity', 'follow-up', 'notes'],
      ['2026-03-02', '2026-W10', 'Soundboard', 'Grace Hopper', 'Conversation', '15', 'no', 'yes', '2026-03-09', 'Talked about "compilers", then lunch.\nCall back in May.'],
      ['2026-03-03', '2026-W10', 'Soundboard', 'Lin, Ada', 'No answer', '', 'yes', 'no', '', ''],
    ]);
  });

  it('neutralises cells a spreadsheet would run as a formula: = + - @ tab and carriage return', () => {
    const evil = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const csv = memberCallsCsv(evil.map((notes, i) => call({ notes, person: evil[(i + 1) % evil.length]!, category: evil[(i + 2) % evil.length]! })));
    const rows = rowsOf(csv).slice(1);
    for (const row of rows) {
      for (const cell of [row[2]!, row[3]!, row[9]!]) {
        expect(cell.startsWith("'"), cell).toBe(true);
        expect(evil).toContain(cell.slice(1));
      }
    }
    // Harmless text is left as it is.
    expect(rowsOf(memberCallsCsv([call({ notes: 'a = b' })]))[1]![9]).toBe('a = b');
  });

  it('writes only the header for no calls', () => {
    expect(rowsOf(memberCallsCsv([]))).toHaveLength(1);
  });
});

describe('circleWeeklyCountsCsv', () => {
  const row = (over: Partial<WeeklyCountRow>): WeeklyCountRow => ({ week: '2026-W10', memberId: 1, member: 'Ada', visible: true, calls: 5, conversations: 3, voicemails: 1, noAnswer: 1, ...over });

  it('has counts only, and hidden members as a stable "anonymous N"', () => {
    const csv = circleWeeklyCountsCsv([
      row({}), row({ memberId: 2, member: 'Bo', visible: false, calls: 2 }), row({ memberId: 3, member: 'Bo', visible: false }),
      row({ week: '2026-W11', memberId: 2, member: 'Bo', visible: false, calls: 1 }),
    ]);
    expect(rowsOf(csv)).toEqual([
      ['week', 'member', 'calls', 'conversations', 'voicemails', 'no answer'],
      ['2026-W10', 'Ada', '5', '3', '1', '1'],
      ['2026-W10', 'anonymous 1', '2', '3', '1', '1'],
      ['2026-W10', 'anonymous 2', '5', '3', '1', '1'],
      ['2026-W11', 'anonymous 1', '1', '3', '1', '1'],
    ]);
    expect(csv).not.toContain('Bo');
  });

  it('neutralises a display name that starts like a formula', () => {
    expect(rowsOf(circleWeeklyCountsCsv([row({ member: '=cmd|calc' })]))[1]![1]).toBe("'=cmd|calc");
  });
});
