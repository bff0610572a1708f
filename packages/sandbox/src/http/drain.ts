import type { IncomingMessage } from 'node:http';

/** How much of a body the sandbox stopped reading it discards before answering anyway (and closing the connection). */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Calls `then` once the client has finished sending `req`, discarding whatever of its body was not read. An answer
 * sent while the client is still writing (a 413 for an oversize upload, a refusal before the body was read) can be
 * lost to a connection reset on the client's side, so the sandbox answers after the body instead. A body beyond
 * DRAIN_LIMIT_BYTES is not waited for: `then(true)` asks the caller to answer and close the connection.
 */
export function afterRequestBody(req: IncomingMessage, then: (close: boolean) => void): void {
  if (req.complete || req.destroyed) {
    then(false);
    return;
  }
  let seen = 0;
  let done = false;
  const finish = (close: boolean) => {
    if (done) return;
    done = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onEnd);
    then(close);
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT_BYTES) finish(true);
  };
  const onEnd = () => finish(false);
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('close', onEnd);
  req.resume();
}
