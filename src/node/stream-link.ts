// An OverlayLink over a libp2p stream: length-prefixed protobuf frames (bounded in size), decoded and validated by
// the protocol codec. The overlay sees messages; it never sees bytes or libp2p.

import { StreamStateError, type Stream } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { Uint8ArrayList } from 'uint8arraylist'
import type { OverlayLink, OverlayMessage } from '../overlay/types.js'
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, MalformedMessageError } from '../protocol/index.js'

/**
 * `onData`, when given, is told each time the remote's bytes arrive (membership counts them as proof of life,
 * liveness.ts).
 */
export function streamLink (stream: Stream, remote: string, maxMessageBytes = MAX_MESSAGE_BYTES,
  onData?: () => void): OverlayLink {
  // One byte stream for both directions, framed here: reading the varint length prefix byte by byte tells a clean
  // end (the remote closed before a frame's first byte) from a frame cut short, whatever else the stream carried.
  // A sender may run ahead of the reader: once a whole message waits unread, the stream is paused (the muxer then
  // stops granting the sender window, so it waits) and resumed when the reader has caught up. What was in flight
  // when it paused lands on resume, in one piece, within the buffer's hard bound.
  const highWater = maxMessageBytes + MAX_PREFIX_BYTES
  const bytes = byteStream(stream, { maxBufferSize: Math.max(highWater, MAX_LINK_BUFFER_BYTES) })
  let unread = 0
  let paused = false
  let resuming = false
  const pauseIfBehind = (): void => {
    if (paused || unread <= highWater || stream.readStatus !== 'readable') return
    paused = true
    stream.pause()
  }
  stream.addEventListener('message', (evt) => {
    onData?.()
    unread += evt.data.byteLength
    if (!resuming) pauseIfBehind()
  })
  const consumed = (count: number): void => {
    unread = Math.max(0, unread - count)
    if (!paused || unread > highWater) return
    paused = false
    if (stream.readStatus !== 'paused') return
    // resume() first hands over what arrived while paused (the listener above counts it) and then tells the muxer
    // to grant window again: a pause from inside that hand-over was undone by it, the muxer granted window while
    // libp2p held the bytes back, and the unread bytes grew until the stream was aborted at its 4 MiB bound. So
    // the pause, if the hand-over put the reader a message behind again, comes after.
    resuming = true
    try {
      stream.resume()
    } finally {
      resuming = false
    }
    pauseIfBehind()
  }
  return {
    remote,
    async send (message: OverlayMessage): Promise<void> {
      const body = encodeMessage(message)
      try {
        await bytes.write(new Uint8ArrayList(encodeLength(body.byteLength), body))
      } catch (err) {
        throw streamError(err)
      }
    },
    async * messages (): AsyncGenerator<OverlayMessage> {
      while (true) {
        const length = await readLength(bytes, maxMessageBytes)
        if (length === undefined) return
        consumed(varintBytes(length))
        let frame: Uint8ArrayList
        try {
          frame = length === 0 ? new Uint8ArrayList() : await bytes.read({ bytes: length })
        } catch (err) {
          if ((err as Error).name === 'UnexpectedEOFError') throw new MalformedMessageError('truncated message')
          throw err
        }
        consumed(length)
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

/** Bytes of the longest varint length prefix we read (enough for any length we accept). */
const MAX_PREFIX_BYTES = 5
/**
 * The most one link buffers unread: what arrives between the pause and the muxer's last window grant (a yamux
 * window, at most MAX_STREAM_WINDOW_BYTES), bounded like libp2p's own read buffer of a stream (4 MiB).
 */
const MAX_LINK_BUFFER_BYTES = 4 * 1024 * 1024

/** The next frame's length, or undefined when the stream ended cleanly before it. */
async function readLength (bytes: ReturnType<typeof byteStream>, max: number): Promise<number | undefined> {
  let length = 0
  for (let i = 0; i < MAX_PREFIX_BYTES; i++) {
    let chunk: Uint8ArrayList
    try {
      chunk = await bytes.read({ bytes: 1 })
    } catch (err) {
      if ((err as Error).name !== 'UnexpectedEOFError') throw err
      if (i === 0) return undefined
      throw new MalformedMessageError('truncated message')
    }
    const byte = chunk.get(0)
    length += (byte & 0x7f) * 2 ** (7 * i)
    if (byte < 0x80) {
      if (length > max) throw new MalformedMessageError('oversized message')
      return length
    }
  }
  throw new MalformedMessageError('oversized message')
}

/** Bytes of a length's varint prefix. */
function varintBytes (length: number): number {
  return encodeLength(length).byteLength
}

function encodeLength (length: number): Uint8Array {
  const out: number[] = []
  let rest = length
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80)
    rest = Math.floor(rest / 0x80)
  }
  out.push(rest)
  return Uint8Array.from(out)
}

/**
 * @libp2p/utils rejects a write (and multistream-select a protocol dial) that waits for 'drain' on a stream that
 * closes with the stream's close event itself, not an Error: make it the error the event carries, or one that says
 * what happened, so failure reasons never read "[object Event]".
 */
export function streamError (err: unknown): Error {
  if (err instanceof Error) return err
  if (err instanceof Event) {
    const cause = (err as Event & { error?: unknown }).error
    if (cause instanceof Error) return cause
    return new StreamStateError(`the stream ${err.type === 'close' ? 'closed' : `got '${err.type}'`} before the message was sent`)
  }
  return new Error(String(err))
}
