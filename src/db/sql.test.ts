import { parameterised, statementName } from './sql';

describe('parameterised', () => {
  it('numbers the placeholders, a list standing for its values, as the ORM wrote them into the text', () => {
    expect(parameterised('code = any(array[?]) and n = ? and id in (?)', [['33', '59'], 5, [1, 2, 3]])).toEqual({
      text: 'code = any(array[$1, $2]) and n = $3::int and id in ($4::int, $5::int, $6::int)',
      values: ['33', '59', 5, 1, 2, 3],
    });
  });

  it('sends a date as its instant, an object as JSON, null and booleans as they are', () => {
    expect(parameterised('a = ? and b = ? and c = ? and d = ?', [new Date(Date.UTC(2027, 2, 11, 8)), { kind: 'X' }, null, true]).values)
      .toEqual(['2027-03-11T08:00:00.000Z', '{"kind":"X"}', null, true]);
  });

  it('types numbers and booleans as their literals were typed', () => {
    expect(parameterised('? ? ? ? ?', [1, 2 ** 31, 1.5, false, 'x']).text).toBe('$1::int $2::bigint $3::numeric $4::boolean $5');
  });

  it('keeps an escaped question mark and refuses a count of bindings that does not match', () => {
    expect(parameterised('a \\? b and c = ?', ['x'])).toEqual({ text: 'a ? b and c = $1', values: ['x'] });
    expect(() => parameterised('a = ? and b = ?', [1])).toThrow(/more placeholders/);
    expect(() => parameterised('a = ?', [1, 2])).toThrow(/2 bindings for 1/);
    expect(() => parameterised('?? = ?', ['col', 1])).toThrow(/identifier/);
  });
});

describe('statementName', () => {
  const connection = () => ({ query: async () => ({ rows: [] }) });

  it('names a text by its digest, the same name on each run, and each connection keeps its own list', () => {
    const first = connection();
    const name = statementName(first, 'select 1');
    expect(name).toMatch(/^relais_[A-Za-z0-9_-]{27}$/);
    expect(statementName(first, 'select 1')).toBe(name);
    expect(statementName(first, 'select 2')).not.toBe(name);
    expect(statementName(connection(), 'select 1')).toBe(name);
  });

  it('past 256 texts on one connection, a new text runs unnamed while the prepared ones keep their names', () => {
    const full = connection();
    const names = Array.from({ length: 256 }, (_, i) => statementName(full, `select ${i}`));
    expect(new Set(names).size).toBe(256);
    expect(statementName(full, 'select 256')).toBeUndefined();
    expect(statementName(full, 'select 7')).toBe(names[7]);
  });
});
