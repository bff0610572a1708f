import type { ServerResponse } from 'node:http';

/** The answer Node is writing on a connection now (`_httpMessage`); later pipelined answers wait behind it. */
type AnsweringSocket = { _httpMessage?: ServerResponse | null };

/**
 * Runs `then` once every request read so far on the connection has been answered. Node parses pipelined requests
 * ahead of their answers, so when a later request on a connection is malformed, earlier ones may still be running;
 * their answers must go out first (RFC 9112 section 9.3.2: answers in the order of the requests), or a client whose
 * request was carried out (an SPV request created, say) is told only "400 malformed" and does not learn that it was.
 *
 * Node already keeps that order: the answer being written is the socket's `_httpMessage`, and the next one is given
 * the socket when it finishes. Following that chain costs nothing per request (counting requests per connection
 * with a listener on every answer cost about a twentieth of a GET). Not when the answer's request is still
 * receiving its body: the bytes Node could not parse are then that request's own (a bad chunk, say), and waiting
 * for its answer would wait for ever. A Node without `_httpMessage` answers at once, as before this existed.
 */
export function afterAnswers(socket: object, then: () => void): void {
  const answering = (socket as AnsweringSocket)._httpMessage;
  if (!answering || answering.writableFinished || !answering.req?.complete) {
    then();
    return;
  }
  // 'close' comes after Node has handed the socket to the next waiting answer (on 'finish'), and also when the
  // answer is abandoned (the socket went away).
  answering.once('close', () => afterAnswers(socket, then));
}
