/**
 * `options` itself, or a TypeError naming the call. Every entry function takes one options object; without this
 * check, calling one with nothing failed on the first property read ("Cannot read properties of undefined").
 */
export function requireOptions<T>(options: T, call: string): T {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${call}() needs an options object.`);
  return options;
}
