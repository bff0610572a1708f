import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { check } from './check.js';
import { FORMATS, type Format, formatReport } from './format/index.js';
import { RULES } from './rules.js';

const USAGE = `Usage:
  spec-guard check --base <file | git ref | package@version | tarball> --head <file> [options]
  spec-guard rules

Classifies every difference between two versions of the spec as breaking on the wire, breaking generated code
(wire unchanged), additive or documentation-only.
Exit code: 0 no wire break (generated-code breaks are reported, not failing), 1 wire breaks, 2 bad input.

Options for check:
  --format <text|markdown|github|json>  what to print (default: text)
  --write <format>=<file>               also write a report in another format (repeatable),
                                        e.g. --write markdown=$GITHUB_STEP_SUMMARY
  --exceptions <file>                   exceptions file (default: spec/spec-guard-exceptions.yaml if present)
  --no-exceptions                       ignore every exceptions file
  --source <openapi.yaml>               split sources behind a bundled --head, for file:line locations
  --spec-dir <dir>                      the spec's directory in the repository, for git refs (default: spec)
  --today <YYYY-MM-DD>                  the date exceptions expire against (default: today)
  --brief                               text and markdown: count additive and documentation-only findings
                                        per rule instead of listing each one (json always lists everything)
`;

/** The command line as typed values; throws on an unknown or malformed option. */
function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      write: { type: 'string', multiple: true },
      exceptions: { type: 'string' },
      'no-exceptions': { type: 'boolean' },
      source: { type: 'string' },
      'spec-dir': { type: 'string' },
      today: { type: 'string' },
      brief: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs the command line; returns the exit code instead of exiting, so tests can call it. */
export async function main(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = defaultIo(),
): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.err(`spec-guard: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'rules') {
    io.out(`${RULES.map((r) => `${r.id}  ${r.kind.padEnd(8)}  ${r.name.padEnd(34)}  ${r.summary}`).join('\n')}\n`);
    return 0;
  }
  if (command !== 'check') {
    io.err(`spec-guard: unknown command ${command}\n\n${USAGE}`);
    return 2;
  }
  if (!values.base || !values.head) {
    io.err(`spec-guard: check needs --base and --head\n\n${USAGE}`);
    return 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.err(`spec-guard: --format must be one of ${FORMATS.join(', ')}\n`);
    return 2;
  }
  const writes = parseWrites(values.write ?? []);
  if (typeof writes === 'string') {
    io.err(`spec-guard: ${writes}\n`);
    return 2;
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    io.err('spec-guard: --today takes a YYYY-MM-DD date\n');
    return 2;
  }

  try {
    const report = await check({
      base: values.base,
      head: values.head,
      ...(values['no-exceptions']
        ? { exceptions: false as const }
        : values.exceptions
          ? { exceptions: values.exceptions }
          : {}),
      ...(values.source ? { source: values.source } : {}),
      ...(values['spec-dir'] ? { specDir: values['spec-dir'] } : {}),
      ...(values.today ? { today: values.today } : {}),
    });
    const options = { brief: values.brief === true };
    io.out(formatReport(report, format, options));
    // GitHub's step summary is shared by every step: append to it; replace any other file.
    for (const [f, file] of writes) {
      const written = await writeFile(file, formatReport(report, f, options), {
        flag: file === process.env.GITHUB_STEP_SUMMARY ? 'a' : 'w',
      }).catch((error: NodeJS.ErrnoException) => error);
      // Checked before the run; this is only a file that changed meanwhile, said in the same one line.
      if (written instanceof Error) {
        io.err(`spec-guard: cannot write --write ${file}: ${written.code ?? written.message}\n`);
        return 2;
      }
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    io.err(`spec-guard: ${(error as Error).message}\n`);
    return 2;
  }
}

/**
 * The `--write <format>=<file>` targets, or why one cannot be used. Every file is checked before the comparison runs:
 * a directory that does not exist made spec-guard print its verdict and then exit 2 with a bare ENOENT.
 */
function parseWrites(specs: string[]): Array<[Format, string]> | string {
  const writes: Array<[Format, string]> = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const f = spec.slice(0, eq) as Format;
    if (eq <= 0 || !FORMATS.includes(f) || eq === spec.length - 1)
      return `--write takes <format>=<file> with format one of ${FORMATS.join(', ')}`;
    const file = spec.slice(eq + 1);
    const why = unwritable(file);
    if (why) return `cannot write --write ${spec}: ${why}`;
    writes.push([f, file]);
  }
  return writes;
}

/** Why a report cannot be written at `path` (an existing writable file, or a new one in a writable directory). */
function unwritable(path: string): string | undefined {
  const target = resolve(path);
  const directory = dirname(target);
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? `a part of ${directory} is not a directory` : (code ?? (error as Error).message);
  }
  if (existing?.isDirectory()) return 'it is a directory';
  if (!existing) {
    const parent = statSync(directory, { throwIfNoEntry: false });
    if (!parent) return `the directory ${directory} does not exist`;
    if (!parent.isDirectory()) return `${directory} is not a directory`;
  }
  try {
    accessSync(existing ? target : directory, constants.W_OK);
  } catch {
    return existing ? 'the file is not writable' : `the directory ${directory} is not writable`;
  }
  return undefined;
}

function defaultIo() {
  return { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };
}
