import { parse } from 'csv-parse/sync';
import { csvLine } from './csv';

describe('csvLine', () => {
  it('quotes what needs it and reads back the same cells', () => {
    const cells = ['Séances; tenues', 'dit "oui"', 'deux\nlignes', '< 5', 12, null];
    for (const sep of [',', ';'] as const) {
      const [read] = parse(csvLine(cells, sep), { delimiter: sep }) as string[][];
      expect(read).toEqual(['Séances; tenues', 'dit "oui"', 'deux\nlignes', '< 5', '12', '']);
    }
  });

  it('never lets a text start a formula', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'ok'], ';')).toBe(`"'=HYPERLINK(""x"")";'+1;'-2;'@SUM(A1);ok\r\n`);
    expect(csvLine([-2], ';')).toBe('-2\r\n');
  });
});
