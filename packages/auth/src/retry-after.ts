/** An HTTP-date as servers send it (IMF-fixdate, or the obsolete RFC 850 form), always in GMT. */
const HTTP_DATE = /^[a-z]{3,9}, \d\d[ -][a-z]{3}[ -]\d{2,4} [\d:]{8} GMT$/i;
/**
 * The third form RFC 9110 section 5.6.7 says recipients must accept, C's asctime (`Fri Dec  4 02:29:37 2026`): GMT
 * too, though it does not say so, which is why " GMT" is added before it is parsed (alone it would be local time).
 */
const ASCTIME_DATE = /^[a-z]{3} [a-z]{3} [ \d]\d [\d:]{8} \d{4}$/i;

/**
 * Retry-After as delta-seconds (digits only) or an HTTP-date (any of its three forms), in ms from `now`; undefined when absent or anything
 * else. Date.parse alone would read "-5", "1.5" or "1, 1" as dates in 2001 and skip the backoff, so a date must
 * look like one first.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const asctime = ASCTIME_DATE.test(trimmed);
  if (!asctime && !HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(asctime ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
