// An OverlayLink over a libp2p stream: length-prefixed protobuf frames (bounded in size), decoded and validated by
// the protocol codec. The overlay sees messages; it never sees bytes or libp2p.

import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { OverlayLink, OverlayMessage } from '../overlay/types.js'
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, MalformedMessageError } from '../protocol/index.js'

export function streamLink (stream: Stream, remote: string, maxMessageBytes = MAX_MESSAGE_BYTES): OverlayLink {
  const lp = lpStream(stream, { maxDataLength: maxMessageBytes })
  return {
    remote,
    async send (message: OverlayMessage): Promise<void> {
      await lp.write(encodeMessage(message))
    },
    async * messages (): AsyncGenerator<OverlayMessage> {
      while (true) {
        let frame
        try {
          frame = await lp.read()
        } catch (err) {
          if (isCleanEnd(err)) return
          if ((err as Error).name === 'UnexpectedEOFError') throw new MalformedMessageError('truncated message')
          if ((err as Error).name === 'InvalidDataLengthError') throw new MalformedMessageError('oversized message')
          throw err
        }
        yield decodeMessage(frame)
      }
    },
    async close (): Promise<void> {
      await stream.close()
    },
    abort (err: Error): void {
      stream.abort(err)
    }
  }
}

/** The remote closed its side between two frames: @libp2p/utils reports it as an EOF after 0 bytes of a length. */
function isCleanEnd (err: unknown): boolean {
  const e = err as Error
  return e.name === 'UnexpectedEOFError' && /after reading 0\/1 bytes/.test(e.message)
}
