/**
 * What the sandbox's sub-commands share: a tiny client of a running sandbox's admin API (`--url`, default
 * `$ZEST_BASE_URL`, else http://localhost:8080). Admin POSTs carry a JSON body with `content-type: application/json`,
 * which the admin API requires of every write.
 */
import { SandboxOptionsError } from '../options.js';

export const DEFAULT_SANDBOX_URL = 'http://localhost:8080';

/**
 * What `--url` (and `assertion --audience`) default to: `$ZEST_BASE_URL` when set (`.sandbox/env` exports it for the
 * sandbox that wrote it, on whatever port it took), else `DEFAULT_SANDBOX_URL`. Read when a command runs.
 */
export const defaultSandboxUrl = (): string => process.env.ZEST_BASE_URL || DEFAULT_SANDBOX_URL;

/** How the usage texts state that default. */
export const DEFAULT_URL_TEXT = `$ZEST_BASE_URL, else ${DEFAULT_SANDBOX_URL}`;

/**
 * How long a sub-command waits for the sandbox's answer, seconds. Without a bound, a `--url` that accepts the
 * connection and never answers (a stopped debugger, a proxy, another program on the port) hung the command for
 * good. A trigger walks several partner calls, so the bound is generous; `--timeout` changes it.
 */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The `--timeout` option of a sub-command that calls the admin API, as `parseArgs` reads it. */
export const TIMEOUT_OPTION = { timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_SECONDS) } } as const;

/** `--timeout <s>`: a positive number of seconds (decimal notation), at most a day. */
export function timeoutSeconds(value: string | undefined): number {
  const seconds = value !== undefined && /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0 && seconds <= 86_400))
    throw new SandboxOptionsError(`--timeout must be a positive number of seconds (at most 86400), got "${value}"`);
  return seconds;
}

export class AdminCallError extends Error {}

/** What went wrong in fetch, in one line: its `cause` names the network error ("connect ECONNREFUSED ..."). */
function reason(error: unknown): string {
  return (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
}

/** Sends the request and reads the whole answer within `timeoutMs` (the bound covers a body that never ends too). */
async function exchange(url: string, method: string, body: unknown, timeoutMs: number, baseUrl: string) {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { response, text: await response.text() };
  } catch (error) {
    if (signal.aborted)
      throw new AdminCallError(
        `no answer from ${baseUrl} within ${timeoutMs / 1000} s (${method} ${url}); is a zest-sandbox running there? (--timeout to wait longer)`,
      );
    throw new AdminCallError(
      `cannot reach a sandbox at ${baseUrl} (${reason(error)}); start one with \`zest-sandbox\` or pass --url`,
    );
  }
}

/** Calls the admin API; the caller names the answer's type and checks it with `expectAnswer`. */
export async function adminCall<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000,
): Promise<T> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  const { response, text } = await exchange(url, method, body, timeoutMs, baseUrl);
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

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks that a 2xx answer has the fields a command prints: `fields` name the string ones, `objects` the object
 * ones and `arrays` the array ones. Another program answering 200 on --url made the commands fail with a bare TypeError ("Cannot convert
 * undefined or null to object"), or print "Replaying undefined" and exit 0.
 */
export function expectAnswer<T>(
  answer: unknown,
  what: string,
  baseUrl: string,
  { fields = [], objects = [], arrays = [] }: { fields?: string[]; objects?: string[]; arrays?: string[] },
): T {
  const ok =
    isRecord(answer) &&
    fields.every((f) => typeof answer[f] === 'string') &&
    objects.every((f) => isRecord(answer[f])) &&
    arrays.every((f) => Array.isArray(answer[f]));
  if (!ok)
    throw new AdminCallError(
      `${baseUrl} answered ${what} with ${JSON.stringify(answer)?.slice(0, 120)}, not what a zest-sandbox answers; is --url a sandbox?`,
    );
  return answer as T;
}
