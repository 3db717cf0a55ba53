/**
 * Python's `repr(float)`, as `json.dumps` writes floats.
 *
 * Both Python and JS produce the shortest digits that round-trip; they differ only in layout.
 * Python switches to exponent form when the decimal exponent is below -4 or at least 16, writes
 * the exponent with a sign and at least two digits, and keeps `.0` on integral values:
 * `1e+16`, `1e-05`, `1000000000000000.0`, `-0.0`, `1.2345678901234568e+20`.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  // Between 1e-4 and 1e16 both languages write the same digits in decimal form (a timestamp):
  // JS only leaves out the ".0" of an integral value.
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const plain = String(x);
    if (!plain.includes('e')) return plain.includes('.') ? plain : `${plain}.0`;
  }

  // toExponential() with no argument gives the shortest round-trip digits: "d.ddde+N".
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);

  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) {
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const intLength = exponent + 1;
  if (digits.length <= intLength) {
    return `${sign}${digits}${'0'.repeat(intLength - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}

/**
 * Python's `str(float)` inside an f-string: the same as repr for finite values, but `nan`,
 * `inf` and `-inf` for the others (json.dumps writes those as `NaN` and `Infinity`).
 */
export function pythonFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  return pythonFloatRepr(x);
}
