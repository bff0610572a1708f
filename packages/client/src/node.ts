// Node-only helpers. Kept out of the main entry so that browsers and edge runtimes never load `node:` modules.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ZestUploadError } from './errors.js';
import { UPLOAD_MAX_BYTES } from './generated/spec-facts.js';
import type { UploadInput } from './uploads.js';

/**
 * Reads a file for `subscriptions.uploadForm` / `uploadFundingReceipt`. The size is checked with `stat` first, so an
 * oversized file is refused without being read. The content type is detected from the bytes unless given. A file
 * that cannot be read (missing, a directory, no permission) is a ZestUploadError `unreadable` with the system error
 * as `cause`.
 */
export async function fileFromPath(
  path: string,
  options: { filename?: string | undefined; contentType?: string | undefined } = {},
): Promise<UploadInput> {
  const unreadable = (cause: unknown): never => {
    throw new ZestUploadError('unreadable', `${path} could not be read: ${(cause as Error)?.message}`, { cause });
  };
  const { size } = await stat(path).catch(unreadable);
  if (size > UPLOAD_MAX_BYTES) {
    throw new ZestUploadError(
      'too_large',
      `${path} is ${size} bytes; the API accepts at most ${UPLOAD_MAX_BYTES} bytes.`,
      {
        size,
        declaredType: options.contentType,
      },
    );
  }
  const data = await readFile(path).catch(unreadable);
  return {
    data: new Blob([data]),
    filename: options.filename ?? basename(path),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  };
}
