import { describe, expect, it } from 'vitest';
import { cutUtf16, lines, truncate } from '../../../src/slack/views/blocks.js';

/** True when `s` holds a high or low surrogate without its partner. */
const hasLoneSurrogate = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('truncate', () => {
  it('measures in UTF-16 code units, as Slack does', () => {
    const text = '😀'.repeat(10); // 20 code units
    expect(truncate(text, 20)).toBe(text);
    const cut = truncate(text, 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    for (let max = 1; max <= 12; max++) {
      for (const text of ['😀'.repeat(10), `x${'😀'.repeat(10)}`]) {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(cut)).toBe(false);
      }
    }
  });

  it('leaves short text alone', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello!', 5)).toBe('hell…');
  });
});

describe('cutUtf16', () => {
  it('cuts at most max code units, one fewer rather than half an emoji', () => {
    expect(cutUtf16('a😀b', 2)).toBe('a');
    expect(cutUtf16('a😀b', 3)).toBe('a😀');
    expect(cutUtf16('abc', 0)).toBe('');
    expect(cutUtf16('abc', 5)).toBe('abc');
  });
});

describe('lines', () => {
  it('keeps every chunk within the limit in UTF-16 code units', () => {
    const items = Array.from({ length: 120 }, (_, i) => `🥇 ${'🦄'.repeat(25)} · :fire: ${i}`);
    const chunks = lines(items);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect(hasLoneSurrogate(c)).toBe(false);
    }
    expect(chunks.join('\n')).toBe(items.join('\n'));
  });
});
