/**
 * Exact comparison of decimal strings (`DecimalString`: an optional minus, digits, an optional fraction; no exponent).
 * Amounts travel as strings so that no precision is lost, so they are compared as written, never through `Number`:
 * that made `"100.00000000000000001"` equal to 100 (a percent above its maximum was accepted), a negative value with
 * many zeros after the point equal to -0 (accepted as not below 0), and a positive one equal to 0 (refused).
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Parts {
  negative: boolean;
  /** Integer digits without leading zeros. */
  whole: string;
  /** Fraction digits without trailing zeros. */
  fraction: string;
}

function parts(text: string): Parts | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = match[2]!.replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return { negative: match[1] === '-' && (whole !== '' || fraction !== ''), whole, fraction };
}

/** Compares magnitudes digit by digit: longer integer part first, then the digits, then the fractions. */
function compareMagnitudes(a: Parts, b: Parts): number {
  if (a.whole.length !== b.whole.length) return a.whole.length < b.whole.length ? -1 : 1;
  if (a.whole !== b.whole) return a.whole < b.whole ? -1 : 1;
  const width = Math.max(a.fraction.length, b.fraction.length);
  const x = a.fraction.padEnd(width, '0');
  const y = b.fraction.padEnd(width, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * -1, 0 or 1 as `a` is below, equal to or above `b`, exactly; `b` may be a number (a bound from a template), which is
 * compared as the shortest decimal JavaScript writes for it. `undefined` when either is not a plain decimal (an
 * exponent, `NaN`): the caller then compares as numbers.
 */
export function compareDecimals(a: string, b: string | number): number | undefined {
  const x = parts(a);
  const y = parts(typeof b === 'number' ? String(b) : b);
  if (!x || !y) return undefined;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const magnitude = compareMagnitudes(x, y);
  return x.negative ? -magnitude : magnitude;
}

/** Whether a decimal string is above zero, exactly (`"0.000…1"` is, `"-0.0"` is not). */
export function isPositiveDecimal(text: string): boolean {
  return (compareDecimals(text, '0') ?? Math.sign(Number(text))) > 0;
}
