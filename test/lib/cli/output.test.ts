import { colorsFor, table } from '../../../lib/cli/output';

describe('colours', () => {
  const ESC = '\u001b[';

  test('on a terminal, red is red', () => {
    expect(colorsFor({ isTTY: true }, {}).red('x')).toBe(`${ESC}31mx${ESC}39m`);
  });

  test('not on a terminal (a CI log, a pipe), no colour', () => {
    expect(colorsFor({ isTTY: false }, {}).red('x')).toBe('x');
  });

  test('NO_COLOR turns colours off even on a terminal and with FORCE_COLOR', () => {
    expect(colorsFor({ isTTY: true }, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(colorsFor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }).bold('x')).toBe('x');
  });

  test('an empty NO_COLOR is not set (no-color.org)', () => {
    expect(colorsFor({ isTTY: true }, { NO_COLOR: '' }).green('x')).toBe(`${ESC}32mx${ESC}39m`);
  });

  test('FORCE_COLOR colours a pipe; FORCE_COLOR=0 and TERM=dumb turn colours off', () => {
    expect(colorsFor({ isTTY: false }, { FORCE_COLOR: '1' }).red('x')).toBe(`${ESC}31mx${ESC}39m`);
    expect(colorsFor({ isTTY: true }, { FORCE_COLOR: '0' }).red('x')).toBe('x');
    expect(colorsFor({ isTTY: true }, { TERM: 'dumb' }).red('x')).toBe('x');
  });
});

test('a table pads by visible width, so coloured cells stay aligned', () => {
  const red = (t: string) => `\u001b[31m${t}\u001b[39m`;
  const text = table(['A', 'B'], [[red('x'), 'y'], ['long', 'z']]);
  expect(text.replace(/\u001b\[\d+m/g, '')).toBe('A     B\nx     y\nlong  z');
});
