import { parseQuantity } from '../../core/quantity';

describe('parseQuantity', () => {
  test.each([
    ['2', 2, ''],
    ['500m', 0.5, 'm'],
    ['1.5', 1.5, ''],
    ['.5', 0.5, ''],
    ['2.', 2, ''],
    ['1k', 1000, 'k'],
    ['2G', 2e9, 'G'],
    ['1E', 1e18, 'E'],
    ['128Mi', 128 * 2 ** 20, 'Mi'],
    ['1.5Gi', 1.5 * 2 ** 30, 'Gi'],
    ['1Ei', 2 ** 60, 'Ei'],
    ['1e3', 1000, 'e3'],
    ['5E-3', 0.005, 'E-3'],
    ['1e+2', 100, 'e+2'],
  ])('%s is %d base units', (text, value, suffix) => {
    // GIVEN / WHEN
    const parsed = parseQuantity(text);

    // THEN
    expect(parsed).toEqual({ value, suffix });
  });

  test.each([
    '', ' 2', '2 cores', '-1', '+1', '1GB', 'Gi', '1gi', '1.5e', '1e3.5', '1..5', '.', 'one',
  ])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('non-strings are not quantities', () => {
    expect(parseQuantity(2)).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });

  test('equal values written differently compare equal', () => {
    // GIVEN / WHEN / THEN
    expect(parseQuantity('1100m')!.value).toBe(parseQuantity('1.1')!.value);
    expect(parseQuantity('1536Mi')!.value).toBe(parseQuantity('1.5Gi')!.value);
    expect(parseQuantity('1Gi')!.value).toBe(parseQuantity('1073741824')!.value);
    expect(parseQuantity('0.1')!.value).toBe(parseQuantity('100m')!.value);
  });
});
