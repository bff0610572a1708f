/**
 * What the sandbox's sub-commands share: a tiny client of a running sandbox's admin API (`--url`, default
 * http://localhost:8080). Admin POSTs carry a JSON body with `content-type: application/json`, which the admin API
 * requires of every write.
 */
export const DEFAULT_SANDBOX_URL = 'http://localhost:8080';

export class AdminCallError extends Error {}

/** Calls the admin API; the caller names the answer's type, which the admin handlers define. */
export async function adminCall<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new AdminCallError(
      `cannot reach a sandbox at ${baseUrl} (${cause}); start one with \`zest-sandbox\` or pass --url`,
    );
  }
  const text = await response.text();
  let parsed: { code?: unknown; detail?: unknown } | undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new AdminCallError(
      `${method} ${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    throw new AdminCallError(
      `${method} ${path} failed with ${response.status} ${parsed?.code ?? ''}: ${parsed?.detail ?? text}`.replace(
        / +:/,
        ':',
      ),
    );
  }
  return parsed as T;
}
