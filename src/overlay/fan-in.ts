// Merges a growing set of async sources into one that yields each item as soon as any source produces it: a relay's
// own result, every downstream link and the links of peers that rejoin it feed one upstream stream.

import { logger } from '@libp2p/logger'
import { systemClock, type Clock } from '../time/clock.js'

const log = logger('peertrace:overlay:fan-in')

/** Items read ahead of the reader, all sources together: a relay's results are at most 64 KiB each. */
const DEFAULT_MAX_QUEUED = 16

/** A source told to stop may fail doing so: nobody reads it any more. */
function stopSource (iterator: AsyncIterator<unknown>): void {
  Promise.resolve(iterator.return?.()).catch((err: unknown) => { log('a source failed to stop: %s', (err as Error)?.message ?? err) })
}

/**
 * Yields items from all sources in arrival order (each source read ahead, nobody waits for the slowest) and ends
 * when every source has ended; the first source that throws makes the merged stream throw, after the items already
 * queued. Leaving early stops the pulling; sources still blocked in a read finish on their own (the flood aborts
 * them through its signal).
 *
 * Unlike it-merge (which the requester uses), the sources may grow while it runs: a relay adopts the links of peers
 * that rejoin it. When every source has ended and the queue is drained, `linger()` says how much longer to wait for
 * another (undefined: end now); a source added meanwhile is read like the others. The linger is asked only once the
 * reader has taken every queued item, because the relay learns of a failure below it (which starts the entry's
 * grace) from those items.
 *
 * Read ahead by at most `maxQueued` items, all sources together: once that many wait, the sources are not read until
 * the reader takes one. Unbounded, a relay read a neighbour's link as fast as the neighbour sent while its own
 * upstream took one result at a time: a hostile neighbour's 1,500 results of 65 KB piled up, decoded, in the relay's
 * heap (the link's flow control never held the sender back), and the relay spent its time decoding them.
 */
export class DynamicFanIn<T> {
  private readonly queue: T[] = []
  private readonly maxQueued: number
  /** Sources waiting for room in the queue. */
  private waitingForRoom: Array<() => void> = []
  private readonly iterators = new Set<AsyncIterator<T>>()
  private running = 0
  private failure: { err: unknown } | undefined
  private stopped = false
  private wake: (() => void) | undefined
  private readonly linger: () => number | undefined
  private readonly clock: Clock

  /** `clock` times the lingering. */
  constructor (sources: Array<AsyncIterable<T>>, linger: () => number | undefined = () => undefined, clock: Clock = systemClock,
    maxQueued = DEFAULT_MAX_QUEUED) {
    this.linger = linger
    this.clock = clock
    this.maxQueued = maxQueued
    for (const source of sources) this.add(source)
  }

  /** Adds a source; false once the merged stream has ended. */
  add (source: AsyncIterable<T>): boolean {
    if (this.stopped) return false
    const iterator = source[Symbol.asyncIterator]()
    this.iterators.add(iterator)
    this.running++
    void this.pump(iterator)
    return true
  }

  async * [Symbol.asyncIterator] (): AsyncGenerator<T> {
    try {
      while (true) {
        while (this.queue.length > 0) {
          const item = this.queue.shift() as T
          this.makeRoom()
          yield item
        }
        if (this.failure !== undefined) throw this.failure.err
        if (this.running === 0) {
          const more = this.linger()
          if (more === undefined || more <= 0) return
          await new Promise<void>((resolve) => {
            const cancel = this.clock.setTimer(() => { this.wake = undefined; resolve() }, more)
            this.wake = () => { cancel(); resolve() }
          })
          if (this.running === 0 && this.queue.length === 0) return
          continue
        }
        await new Promise<void>((resolve) => { this.wake = resolve })
      }
    } finally {
      this.stopped = true
      this.makeRoom()
      for (const iterator of this.iterators) stopSource(iterator)
    }
  }

  /** Lets the sources waiting for room read on (or, once stopped, leave). */
  private makeRoom (): void {
    if (this.queue.length >= this.maxQueued && !this.stopped) return
    const waiting = this.waitingForRoom
    this.waitingForRoom = []
    for (const resume of waiting) resume()
  }

  private notify (): void {
    const resume = this.wake
    this.wake = undefined
    resume?.()
  }

  private async pump (iterator: AsyncIterator<T>): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.queue.length >= this.maxQueued) {
          await new Promise<void>((resolve) => { this.waitingForRoom.push(resolve) })
          continue
        }
        const next = await iterator.next()
        if (next.done === true) return
        this.queue.push(next.value)
        this.notify()
      }
    } catch (err) {
      this.failure ??= { err }
    } finally {
      this.running--
      this.iterators.delete(iterator)
      this.notify()
    }
  }
}
