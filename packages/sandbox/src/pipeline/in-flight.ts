import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The requests of each connection whose answers are not written yet. Node parses pipelined requests ahead of their
 * answers, so when a later request on a connection is malformed, earlier ones may still be running; their answers
 * must go out first (RFC 9112 section 9.3.2: answers in the order of the requests), or a client whose request was
 * carried out (an SPV request created, say) is told only "400 malformed" and does not learn that it was.
 */
export class InFlight {
  private readonly running = new WeakMap<object, Set<IncomingMessage>>();
  private readonly waiting = new WeakMap<object, () => void>();

  /** Counts `req` as running on its connection until its answer is finished (or the answer is abandoned). */
  track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    let requests = this.running.get(socket);
    if (!requests) {
      requests = new Set();
      this.running.set(socket, requests);
    }
    requests.add(req);
    const done = () => {
      if (!requests.delete(req) || requests.size > 0) return;
      const then = this.waiting.get(socket);
      this.waiting.delete(socket);
      then?.();
    };
    // 'close' comes after 'finish' (a written answer) and also when the answer is abandoned (the socket went away).
    res.once('close', done);
  }

  /**
   * Runs `then` once every request of the connection has been answered, at once when none is running. Not when a
   * running request is still receiving its body: the bytes Node could not parse are then that request's own (a bad
   * chunk, say), whose answer is `then`'s, so waiting for it would wait for ever.
   */
  afterAnswers(socket: object, then: () => void): void {
    const requests = this.running.get(socket);
    if (!requests || requests.size === 0 || [...requests].some((req) => !req.complete)) {
      then();
      return;
    }
    this.waiting.set(socket, then);
  }
}
