import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SandboxOptionsError } from '../options.js';

/**
 * `parseArgs`, with its errors on one line: some of its messages span three (`--port -1`: "argument is ambiguous",
 * "Did you forget...", "To specify an option argument starting with a dash use '--port=-XYZ'"), and a command's
 * error is one line on stderr.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw error;
    throw new SandboxOptionsError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * Refuses an empty value for the named string flags. `--store-file "$STATE"` with the variable unset used to run
 * in memory and `--config ""` with a fresh development partner, silently: the opposite of what was asked.
 */
export function refuseEmpty(values: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const value = values[name];
    const given = Array.isArray(value) ? value : [value];
    if (given.some((v) => typeof v === 'string' && v.trim() === ''))
      throw new SandboxOptionsError(`--${name} needs a value, got an empty string`);
  }
}
