// The OverlayLink over a libp2p stream: frames in both directions, a clean end between frames, and a stream that
// breaks off mid-frame, too large, or is reset. Runs on @libp2p/utils' in-memory stream pair (built on the same
// AbstractStream as a yamux stream), so every byte boundary is under the test's control.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Stream } from '@libp2p/interface'
import { multiaddrConnectionPair, streamPair } from '@libp2p/utils'
import { MAX_STREAM_WINDOW_BYTES } from '../../src/node/constants.js'
import { streamMuxer } from '../../src/node/create-node.js'
import { streamLink } from '../../src/node/stream-link.js'
import type { OverlayMessage } from '../../src/overlay/types.js'
import { encodeMessage, MalformedMessageError, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js'
import { varint } from './raw-frames.js'
import { readAll } from './read-link.js'

const REQUEST_ID = '0123456789abcdef0123456789abcdef'
const END: OverlayMessage = { type: 'end', end: { requestId: REQUEST_ID, failures: [{ peer: 'p1', reason: 'ERR_CUT_OFF: late' }] } }
const DUPLICATE: OverlayMessage = { type: 'end', end: { requestId: REQUEST_ID, failures: [], duplicate: true } }

async function drain (messages: AsyncIterable<OverlayMessage>): Promise<OverlayMessage[]> {
  const { read, error } = await readAll(messages)
  if (error !== undefined) throw error
  return read
}

describe('node: stream-link', function () {
  let streams: Stream[] = []

  async function pair (): Promise<[Stream, Stream]> {
    const [outbound, inbound] = await streamPair()
    streams.push(outbound, inbound)
    return [outbound, inbound]
  }

  /** Two ends of one stream over the nodes' yamux muxers (window updates, pause and resume as on a connection). */
  async function yamuxPair (): Promise<[Stream, Stream]> {
    const [outboundConnection, inboundConnection] = multiaddrConnectionPair()
    const local = streamMuxer()().createStreamMuxer(outboundConnection)
    const remote = streamMuxer()().createStreamMuxer(inboundConnection)
    const inbound = new Promise<Stream>((resolve) => {
      remote.addEventListener('stream', (evt) => { resolve(evt.detail) }, { once: true })
    })
    // yamux opens the stream at the remote at once (a window update with SYN).
    const outbound = await local.createStream()
    streams.push(outbound)
    const accepted = await inbound
    streams.push(accepted)
    return [outbound, accepted]
  }

  afterEach(() => {
    for (const stream of streams) stream.abort(new Error('test over'))
    streams = []
  })

  it('carries messages both ways, encoded and decoded by the codec', async function () {
    const [a, b] = await pair()
    const left = streamLink(a, 'right')
    const right = streamLink(b, 'left')
    await left.send(END)
    await left.send(DUPLICATE)
    await left.close()
    assert.deepEqual(await drain(right.messages()), [END, DUPLICATE])
    await right.send(END)
    await right.close()
    assert.deepEqual(await drain(left.messages()), [END])
    assert.equal(left.remote, 'right')
  })

  it('ends the messages without error when the remote closes between frames, before the read starts', async function () {
    const [a, b] = await pair()
    const reader = streamLink(b, 'a')
    await streamLink(a, 'b').send(END)
    await a.close()
    await new Promise<void>(resolve => { b.addEventListener('remoteCloseWrite', () => { resolve() }, { once: true }) })
    assert.deepEqual(await drain(reader.messages()), [END])
  })

  it('ends the messages without error when the remote closes between frames while a read waits', async function () {
    const [a, b] = await pair()
    const reader = streamLink(b, 'a')
    const writer = streamLink(a, 'b')
    const iterator = reader.messages()[Symbol.asyncIterator]()
    const first = iterator.next()
    await writer.send(END)
    assert.deepEqual(await first, { done: false, value: END })
    // The next read is pending when the close arrives.
    const second = iterator.next()
    await writer.close()
    assert.deepEqual(await second, { done: true, value: undefined })
  })

  it('ends cleanly on a stream closed before any frame', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    await a.close()
    assert.deepEqual(await reader, { read: [] })
  })

  it('throws MalformedMessageError when the remote closes mid-frame (length 100, 10 bytes sent)', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    a.send(varint(100))
    a.send(new Uint8Array(10))
    await a.close()
    const { read, error } = await reader
    assert.deepEqual(read, [])
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
    assert.equal(error.code, 'ERR_MALFORMED_MESSAGE')
    assert.equal(error.message, 'truncated message')
  })

  it('throws MalformedMessageError when the remote closes inside a length prefix', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    a.send(varint(300).subarray(0, 1)) // the first of two length bytes
    await a.close()
    const { read, error } = await reader
    assert.deepEqual(read, [])
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
    assert.equal(error.message, 'truncated message')
  })

  it('throws MalformedMessageError when a frame of length 1 closes before its byte', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    a.send(varint(1))
    await a.close()
    const { error } = await reader
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
    assert.equal(error.message, 'truncated message')
  })

  it('throws MalformedMessageError after the good frames when the last one is cut short', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    await streamLink(a, 'b').send(END)
    const frame = encodeMessage(DUPLICATE)
    a.send(varint(frame.byteLength))
    a.send(frame.subarray(0, frame.byteLength - 1))
    await a.close()
    const { read, error } = await reader
    assert.deepEqual(read, [END])
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
  })

  it('throws MalformedMessageError on a frame longer than the bound, before reading its body', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    a.send(varint(MAX_MESSAGE_BYTES + 1))
    const { error } = await reader
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
    assert.equal(error.message, 'oversized message')
  })

  it('throws MalformedMessageError on a frame that does not decode', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    a.send(varint(3))
    a.send(Uint8Array.of(0xff, 0xff, 0xff))
    const { error } = await reader
    assert.ok(error instanceof MalformedMessageError, `got ${String(error)}`)
  })

  it('a sender far ahead of its reader is held back, not reset: every message arrives (issue 14, item 10)', async function () {
    // Ten messages of about 20 KB each, all sent before the reader reads one: 200 KB ahead, three times the largest
    // message. The link pauses the stream once a whole message waits unread, so the sender waits for its window.
    const [a, b] = await pair()
    const sender = streamLink(a, 'b')
    const reader = streamLink(b, 'a')
    const big = (i: number): OverlayMessage => ({
      type: 'end',
      end: { requestId: REQUEST_ID, failures: Array.from({ length: 100 }, (_, j) => ({ peer: `p${i}-${j}`, reason: `ERR_CUT_OFF: ${'x'.repeat(180)}` })) }
    })
    const sent = Array.from({ length: 10 }, (_, i) => big(i))
    assert.ok(encodeMessage(sent[0] as OverlayMessage).byteLength > 18_000)
    const sending = (async () => {
      for (const message of sent) await sender.send(message)
      await sender.close()
    })()
    // Let the sender run ahead: wait until the reader's side holds more than a full message of unread bytes.
    await new Promise<void>((resolve) => {
      const check = (): void => { if (b.readBufferLength > 0 || (b as unknown as { status: string }).status !== 'open') resolve(); else setImmediate(check) }
      setImmediate(check)
    })
    const received = await drain(reader.messages())
    await sending
    assert.deepEqual(received, sent)
  })

  it('over yamux, a sender megabytes ahead of a slow reader is held back within the bound, never reset (6 MB in 60 KB messages)', async function () {
    // The reader reads one message per turn of the event loop while the sender sends as fast as it may. Each time
    // the reader catches up the stream resumes, hands over what arrived meanwhile, and has to pause again at once.
    // yamux's resume grants the sender window after that hand-over: a pause from inside it was undone, the muxer
    // granted window while libp2p held the bytes, and the unread bytes grew past the link's 4 MiB bound
    // (StreamBufferError: the requester of a trace answered with 1,500 results of 65 KB lost it so).
    const [a, b] = await yamuxPair()
    const sender = streamLink(a, 'b')
    const reader = streamLink(b, 'a')
    const big = (i: number): OverlayMessage => ({
      type: 'end',
      end: { requestId: REQUEST_ID, failures: Array.from({ length: 300 }, (_, j) => ({ peer: `p${i}-${j}`, reason: `ERR_CUT_OFF: ${'x'.repeat(180)}` })) }
    })
    const sent = Array.from({ length: 100 }, (_, i) => big(i))
    const size = encodeMessage(sent[0] as OverlayMessage).byteLength
    assert.ok(size > 60_000 && size <= MAX_MESSAGE_BYTES, `${size} bytes`)
    const sending = (async () => {
      for (const message of sent) await sender.send(message)
      await sender.close()
    })()
    let mostUnread = 0
    const received: OverlayMessage[] = []
    const { read, error } = await readAll((async function * () {
      for await (const message of reader.messages()) {
        mostUnread = Math.max(mostUnread, b.readBufferLength)
        received.push(message)
        yield message
        await new Promise<void>((resolve) => { setImmediate(resolve) })
      }
    })())
    assert.equal(error, undefined, `the link failed after ${received.length} messages: ${String(error)}`)
    await sending
    assert.equal(read.length, sent.length)
    assert.deepEqual(read, sent)
    // Held back: what waited unread in the stream is at most what the sender had been granted when it paused.
    assert.ok(mostUnread <= MAX_STREAM_WINDOW_BYTES, `${mostUnread} bytes unread at once`)
  })

  it('throws (not a clean end) when the remote resets the stream', async function () {
    const [a, b] = await pair()
    const reader = readAll(streamLink(b, 'a').messages())
    streamLink(a, 'b').abort(new Error('gone'))
    const { read, error } = await reader
    assert.deepEqual(read, [])
    assert.ok(error instanceof Error)
    assert.ok(!(error instanceof MalformedMessageError), `a reset is not a malformed message: ${String(error)}`)
  })
})
