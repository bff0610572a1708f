/**
 * The sandbox's notion of "now" for things that expire on the server (access tokens, idempotency records, signed
 * file URLs). Tests move it forward through `POST /sandbox/clock` instead of waiting an hour or a day. Assertion
 * freshness is still judged on the real clock: it is about the partner's clock, not the sandbox's.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
