/** A small typed event emitter: the same in browsers and Node, with no dependency. */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  /** Calls `listener` for every `type` event; returns the function that stops it. */
  on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener as (value: never) => void);
    return () => this.off(type, listener);
  }

  /** Calls `listener` for the next `type` event only. */
  once<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    const stop = this.on(type, (value) => {
      stop();
      listener(value);
    });
    return stop;
  }

  off<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): void {
    this.listeners.get(type)?.delete(listener as (value: never) => void);
  }

  /** A listener that throws does not stop the others, nor the client: it is reported asynchronously. */
  protected emit<K extends keyof Events>(type: K, value: Events[K]): void {
    const set = this.listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
