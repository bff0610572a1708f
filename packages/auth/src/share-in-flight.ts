/**
 * Wraps `run` so that concurrent callers share one pending promise: a burst of callers that all need a fresh token
 * costs one exchange. Once the promise settles the next call runs again, so a failure is never cached.
 * Used by the token provider and by the SDK around any provider a partner supplies.
 */
export function shareInFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    if (inFlight) return inFlight;
    const pending = run();
    inFlight = pending;
    const clear = () => {
      if (inFlight === pending) inFlight = undefined;
    };
    pending.then(clear, clear);
    return pending;
  };
}
