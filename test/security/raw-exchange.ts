// One exchange on /peertrace/trace/1.0.0 as a client of our own making does it: raw bytes on a new stream, then
// everything the node sends back read to the end, with a deadline so that a node that hangs is seen as such.
// A hostile client closes its side at once; a well-behaved upstream keeps it open until the node's end arrives
// (a node takes an upstream that closes first for gone, and resets the flood).

import type { Libp2p, PeerId } from '@libp2p/interface'
import { streamLink } from '../../src/node/stream-link.js'
import type { OverlayMessage } from '../../src/overlay/types.js'
import { TRACE_PROTOCOL } from '../../src/protocol/index.js'
import type { LinkEnding } from '../node/read-link.js'

export interface RawExchange extends LinkEnding {
  /** The node neither answered nor reset within the deadline (we aborted the stream). */
  hung: boolean
  ms: number
}

export interface RawExchangeOptions {
  timeoutMs: number
  /** Keep our side open until the node's end arrives, as an upstream does; default: close right after sending. */
  awaitEnd?: boolean
}

export async function rawExchange (client: Libp2p, peer: PeerId, chunks: Uint8Array[], options: RawExchangeOptions): Promise<RawExchange> {
  const started = performance.now()
  const signal = AbortSignal.timeout(options.timeoutMs)
  const stream = await client.dialProtocol(peer, TRACE_PROTOCOL, { signal })
  let hung = false
  const onAbort = (): void => {
    hung = true
    stream.abort(new Error(`no answer in ${options.timeoutMs} ms`))
  }
  signal.addEventListener('abort', onAbort)
  const closeOurSide = async (): Promise<void> => {
    try {
      await stream.close({ signal })
    } catch {
      // The node may reset the stream before it has all of it: that is a rejection too.
    }
  }
  const read: OverlayMessage[] = []
  const reading = (async (): Promise<unknown> => {
    try {
      for await (const message of streamLink(stream, peer.toString()).messages()) {
        read.push(message)
        if (options.awaitEnd === true && message.type === 'end') await closeOurSide()
      }
      return undefined
    } catch (error) {
      return error ?? new Error('unknown stream error')
    }
  })()
  try {
    for (const chunk of chunks) stream.send(chunk)
  } catch {
    // As above: a reset while sending.
  }
  if (options.awaitEnd !== true) await closeOurSide()
  const error = await reading
  signal.removeEventListener('abort', onAbort)
  return { read, ...(error === undefined ? {} : { error }), hung, ms: performance.now() - started }
}
