// An OverlayLink over a libp2p stream: length-prefixed protobuf frames (bounded in size), decoded and validated by
// the protocol codec. The overlay sees messages; it never sees bytes or libp2p.

import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { OverlayLink, OverlayMessage } from '../overlay/types.js'
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, MalformedMessageError } from '../protocol/index.js'

export function streamLink (stream: Stream, remote: string, maxMessageBytes = MAX_MESSAGE_BYTES): OverlayLink {
  const lp = lpStream(stream, { maxDataLength: maxMessageBytes })
  // Bytes that arrived, and bytes whole frames used: equal when the remote closed between two frames. The EOF error
  // of @libp2p/utils cannot tell that from a close inside a length prefix (it reads one byte at a time), so we count.
  let received = 0
  let framed = 0
  stream.addEventListener('message', (evt) => { received += evt.data.byteLength })
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
          if ((err as Error).name === 'UnexpectedEOFError') {
            if (received === framed) return
            throw new MalformedMessageError('truncated message')
          }
          if ((err as Error).name === 'InvalidDataLengthError') throw new MalformedMessageError('oversized message')
          throw err
        }
        framed += lengthPrefixBytes(frame.byteLength) + frame.byteLength
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

/** How many bytes the unsigned varint length prefix of a `length`-byte frame takes. */
function lengthPrefixBytes (length: number): number {
  let bytes = 1
  for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes++
  return bytes
}
