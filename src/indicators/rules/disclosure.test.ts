import { suppress, type ProtectedFigure } from './disclosure';

const figure = (id: string, bases: string[], counts: Map<string, number>, readable = false, isCount = true): ProtectedFigure => ({
  id, bases, value: bases.reduce((n, b) => n + (counts.get(b) ?? 0), 0), readable, isCount,
});

describe('suppress', () => {
  it('hides a small count and nothing else when no exposed figure holds its base', () => {
    const counts = new Map([['a|x', 3], ['b|x', 9]]);
    const hidden = suppress([figure('a', ['a|x'], counts), figure('b', ['b|x'], counts)], counts);
    expect([...hidden]).toEqual([['a', 'PRIMARY']]);
  });

  it('hides the total that would give a lone small cell back', () => {
    const counts = new Map([['a|x', 3], ['b|x', 9]]);
    const hidden = suppress([figure('a', ['a|x'], counts), figure('b', ['b|x'], counts), figure('total', ['a|x', 'b|x'], counts)], counts);
    expect(hidden.get('total')).toBe('SECONDARY');
  });

  it('keeps the total when two small cells can trade a unit under it', () => {
    const counts = new Map([['a|x', 3], ['b|x', 2], ['c|x', 9]]);
    const hidden = suppress(['a', 'b', 'c'].map((c) => figure(c, [`${c}|x`], counts)).concat(figure('total', ['a|x', 'b|x', 'c|x'], counts)), counts);
    expect([...hidden].sort()).toEqual([['a', 'PRIMARY'], ['b', 'PRIMARY']]);
  });

  it('does not trade a unit that would take a small count out of 1..4', () => {
    // 1 and 1 under one total: their sum 2 leaves each exactly 1 (0 is excluded by what they read), so the total must go.
    const counts = new Map([['a|x', 1], ['b|x', 1], ['c|x', 9]]);
    const hidden = suppress(['a', 'b', 'c'].map((c) => figure(c, [`${c}|x`], counts)).concat(figure('total', ['a|x', 'b|x', 'c|x'], counts)), counts);
    expect(hidden.get('total')).toBe('SECONDARY');
  });

  it('hides a rate holding a small count', () => {
    const counts = new Map([['a|att', 2], ['a|abs', 8]]);
    const rate = { ...figure('rate', ['a|att', 'a|abs'], counts, false, false), value: 0.2 };
    const hidden = suppress([figure('att', ['a|att'], counts), figure('abs', ['a|abs'], counts), rate], counts);
    expect(hidden.get('rate')).toBe('SECONDARY');
    expect(hidden.has('abs')).toBe(false);
  });

  it('never hides what the viewer may read in full, nor a zero', () => {
    const counts = new Map([['a|x', 3], ['b|x', 0]]);
    expect(suppress([figure('a', ['a|x'], counts, true), figure('b', ['b|x'], counts)], counts).size).toBe(0);
  });
});
