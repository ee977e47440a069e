/**
 * At most `limit` tasks at a time, the rest wait in order. Background event processing
 * goes through one of these so a burst of webhooks cannot starve the acknowledgements.
 * On Workers each request has its own (AppDeps are built per request), so no request ever
 * waits for a slot another request holds.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
