// At most `limit` outbound streams of one protocol open at once to each peer: an open over the limit waits (in
// order, bounded by the caller's signal) for one of them to close, instead of being reset by the remote's
// per-connection stream limit (libp2p's maxInboundStreams for the protocol). The queue is libp2p's own.

import type { Stream } from '@libp2p/interface'
import { Queue } from '@libp2p/utils'

const ENDED: ReadonlySet<Stream['status']> = new Set(['closed', 'aborted', 'reset'])

export class StreamSlots {
  readonly limit: number
  private readonly queues = new Map<string, Queue<void>>()

  constructor (limit: number) {
    this.limit = limit
  }

  /**
   * Opens a stream to `peer` with `open` once fewer than `limit` opened here are still open. The slot is held until
   * the stream closes (either side, any way), or until `signal` aborts.
   */
  async open (peer: string, open: (signal: AbortSignal) => Promise<Stream>, signal: AbortSignal): Promise<Stream> {
    const queue = this.queueOf(peer)
    return await new Promise<Stream>((resolve, reject) => {
      queue.add(async (job) => {
        const stream = await open(job.signal ?? signal)
        resolve(stream)
        await untilEnded(stream)
      }, { signal }).catch(reject)
    })
  }

  /** Streams waiting for a slot to `peer` now, and those holding one. */
  load (peer: string): { waiting: number, open: number } {
    const queue = this.queues.get(peer)
    if (queue === undefined) return { waiting: 0, open: 0 }
    const open = queue.running
    return { waiting: queue.size - open, open }
  }

  private queueOf (peer: string): Queue<void> {
    let queue = this.queues.get(peer)
    if (queue === undefined) {
      const created = new Queue<void>({ concurrency: this.limit })
      // Forgotten once idle: the table holds only peers with streams open or waiting.
      created.addEventListener('idle', () => { if (this.queues.get(peer) === created) this.queues.delete(peer) })
      this.queues.set(peer, created)
      queue = created
    }
    return queue
  }
}

async function untilEnded (stream: Stream): Promise<void> {
  if (ENDED.has(stream.status)) return
  await new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }, { once: true }) })
}
