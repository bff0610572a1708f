/**
 * The text a failed attempt records (`attempts[].error`, and the delivery log line). An error's `message` is not
 * always that text: when a host name resolves to several addresses (`localhost` is `::1` and `127.0.0.1` on most
 * machines), Node tries them all and reports an `AggregateError` whose own message is empty, the reasons being in
 * `errors`. Recorded as is, a refused `http://localhost:3000/` left the delivery log with a blank error, telling the
 * partner nothing about why their receiver was not reached.
 */
export function describeAttemptError(error: unknown): string {
  const message = messageOf(error);
  if (message) return message;
  const inner = error instanceof AggregateError ? [...new Set(error.errors.map(messageOf).filter(Boolean))] : [];
  if (inner.length > 0) return inner.join('; ');
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'request failed';
}

/** The trimmed message (OpenSSL's end in a newline), or '' when there is none. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return message.trim();
}
