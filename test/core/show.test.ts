import { show, showKey } from '../../core/show';

describe('show', () => {
  test.each([
    ['acme', '"acme"'],
    [3, '3'],
    [undefined, 'undefined'],
    [Number.NaN, 'NaN'],
    [8080n, '8080n'],
    [['a', 'b'], '["a","b"]'],
    ['x'.repeat(80), `"${'x'.repeat(56)}...`],
  ])('%j reads as %s', (value, text) => {
    expect(show(value)).toBe(text);
  });

  test('a value that refers to itself never throws', () => {
    const loop: Record<string, unknown> = { name: 'a' };
    loop.self = loop;
    expect(show(loop)).toBe('{"name":"a","self":[Circular]}');
  });

  test('a key is quoted and shortened', () => {
    expect(showKey('cost-center')).toBe('"cost-center"');
    expect(showKey('k'.repeat(100))).toHaveLength(60);
  });
});
