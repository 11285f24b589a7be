// Merges several async sources into one that yields each item as soon as any source produces it: a relay's own
// result and every downstream link feed one upstream stream, and nobody waits for the slowest.

/**
 * Yields items from all `sources` in arrival order and ends when every source has ended. The first source that
 * throws makes the merged stream throw (after the items already queued). Leaving early stops the pulling; sources
 * still blocked in a read finish on their own (the flood aborts them through its signal).
 */
export async function * fanIn<T> (sources: Array<AsyncIterable<T>>): AsyncGenerator<T> {
  const queue: T[] = []
  let head = 0
  let running = sources.length
  let failure: { err: unknown } | undefined
  let stopped = false
  let wake: (() => void) | undefined
  const iterators = sources.map((source) => source[Symbol.asyncIterator]())

  const notify = (): void => {
    const resume = wake
    wake = undefined
    resume?.()
  }
  const pump = async (iterator: AsyncIterator<T>): Promise<void> => {
    try {
      while (!stopped) {
        const next = await iterator.next()
        if (next.done === true) return
        queue.push(next.value)
        notify()
      }
    } catch (err) {
      failure ??= { err }
    } finally {
      running--
      notify()
    }
  }
  for (const iterator of iterators) void pump(iterator)

  try {
    while (true) {
      while (head < queue.length) {
        const item = queue[head] as T
        queue[head++] = undefined as T
        yield item
      }
      queue.length = head = 0
      if (failure !== undefined) throw failure.err
      if (running === 0) return
      await new Promise<void>((resolve) => { wake = resolve })
    }
  } finally {
    stopped = true
    for (const iterator of iterators) {
      Promise.resolve(iterator.return?.()).catch(() => {})
    }
  }
}
