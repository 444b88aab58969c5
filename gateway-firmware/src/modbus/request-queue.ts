/**
 * Runs jobs one at a time in the order they were queued. An RTU bus is half-duplex and a TCP-to-RTU gateway
 * usually is too: two requests in flight at once garble both, so every request on a bus goes through one queue.
 */
export class RequestQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job).finally(() => {
      this.waiting--;
    });
    // The next job waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
