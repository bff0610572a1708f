import { gunzipSync } from 'node:zlib';
import { SpecLoadError } from './read-document.js';

/** A spec package is a few megabytes unpacked; a bound keeps a tiny gzip bomb from exhausting memory. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/**
 * Reads the regular files of a (gzipped) tar archive, as `npm pack` writes them. Small on purpose: ustar names
 * with their prefix, pax `path` records and GNU long names, which covers npm's and git's archives.
 */
export function readTar(archive: Buffer): Map<string, Buffer> {
  const data = archive[0] === 0x1f && archive[1] === 0x8b ? gunzip(archive) : archive;
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = cString(header.subarray(0, 100));
    const size = parseInt(cString(header.subarray(124, 136)).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = cString(header.subarray(345, 500));
    const body = data.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cString(body);
      continue;
    }
    if (type === 'g') continue;
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if (type === '0' || type === '\0') files.set(path, Buffer.from(body));
  }
  return files;
}

function gunzip(archive: Buffer): Buffer {
  try {
    return gunzipSync(archive, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SpecLoadError(`the archive unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB`);
    }
    throw new SpecLoadError(`the archive is not valid gzip: ${(error as Error).message}`);
  }
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function paxPath(body: Buffer): string | undefined {
  let found: string | undefined;
  for (const record of body.toString('utf8').split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(record);
    if (m) found = m[1];
  }
  return found;
}
