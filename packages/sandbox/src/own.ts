/**
 * Own-property access for objects whose keys come from a request. A plain `obj[key]` or `key in obj` also finds
 * what every object inherits from `Object.prototype` (`constructor`, `toString`, `__proto__`, …), which turned
 * those names into "known" keys; every lookup keyed by input goes through these (or a Map) instead.
 */
export function ownGet<T>(object: object | null | undefined, key: string): T | undefined {
  return object != null && Object.hasOwn(object, key) ? ((object as Record<string, unknown>)[key] as T) : undefined;
}

/** A fresh object with no prototype, for tables filled from input (query, form and multipart fields). */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
