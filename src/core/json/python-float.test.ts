import { describe, expect, it } from 'vitest';
import { pythonFloatRepr, pythonFloatStr } from './python-float';

describe('pythonFloatRepr', () => {
  it.each([
    [1, '1.0'],
    [100, '100.0'],
    [0.1, '0.1'],
    [1.5, '1.5'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1e-7, '1e-07'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-10, '1.5e-10'],
    [-0, '-0.0'],
    [0, '0.0'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1.2345678901234568e20, '1.2345678901234568e+20'],
    [1e22, '1e+22'],
    [0.30000000000000004, '0.30000000000000004'],
    [1795462490.1522536, '1795462490.1522536'],
    [-2.5, '-2.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('%s is written %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
  });

  it('str() writes the non-finite values as Python does in an f-string', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2].map(pythonFloatStr)).toEqual([
      'nan',
      'inf',
      '-inf',
      '2.0',
    ]);
  });
});
