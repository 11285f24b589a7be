// Bad input on /peertrace/trace/1.0.0 against a running node, from a client on a raw stream: garbage, a frame cut
// short, a frame over the bound, a bad signature, a protobuf with two parts or wrong types, an expired request.
// Each is rejected (stream reset, or one end naming the node and no result), logged, and the node keeps serving.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Libp2p } from '@libp2p/interface'
import { streamLink } from '../../src/node/stream-link.js'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import type { TraceRequest } from '../../src/overlay/types.js'
import { encodeMessage, type KeyAuthenticator, MAX_MESSAGE_BYTES, TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { requestToPb } from '../../src/protocol/codec.js'
import * as pb from '../../src/protocol/pb/trace.js'
import { systemClock } from '../../src/time/clock.js'
import { Prng, testSeed } from '../random/seeded-random.js'
import { LogCapture } from './log-capture.js'
import { LoopbackNet, PROBE, TARGET, collectTrace, signedRequest, vantages } from './loopback-net.js'
import { fieldKey, frame, varint } from './raw-frames.js'
import { readAll, type LinkEnding } from './read-link.js'

const NODES = 3
const HOP_BUDGET = 4
const TTL_MS = 20_000
/** Well under the node's request timeout (10 s): a rejection must be prompt, not a timeout. */
const ANSWER_TIMEOUT_MS = 5_000
const MESH_TIMEOUT_MS = 30_000
const FLOOD_LOG = 'peertrace:overlay:flood'

describe('node: bad input on the trace protocol', function () {
  const net = new LoopbackNet()
  let client: Libp2p | undefined
  let auth: KeyAuthenticator
  let logs: LogCapture | undefined
  /** Log lines before the latest exchange began. */
  let mark = 0

  before(async function () {
    await net.addMesh(NODES, MESH_TIMEOUT_MS)
    const requester = await net.addClient()
    client = requester.client
    auth = requester.auth
    await client.dial(net.address(net.at(0), true), { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
    logs = new LogCapture(FLOOD_LOG)
  })

  after(async () => {
    logs?.stop()
    await net.stop()
  })

  /** Sends raw bytes on a new stream to the first node, closes our side, and reads what comes back. */
  async function exchange (...chunks: Uint8Array[]): Promise<LinkEnding> {
    const entry = net.at(0)
    mark = logs!.lines.length
    const signal = AbortSignal.timeout(ANSWER_TIMEOUT_MS)
    const stream = await client!.dialProtocol(entry.peerId, TRACE_PROTOCOL, { signal })
    signal.addEventListener('abort', () => { stream.abort(new Error(`no answer in ${ANSWER_TIMEOUT_MS} ms`)) })
    const reading = readAll(streamLink(stream, entry.peerId.toString()).messages())
    try {
      for (const chunk of chunks) stream.send(chunk)
      await stream.close({ signal })
    } catch {
      // The node may reset the stream before it has all of it: that is a rejection too.
    }
    return await reading
  }

  function assertReset (ending: LinkEnding, what: string): void {
    assert.deepEqual(ending.read, [], `${what}: nothing came back`)
    assert.ok(ending.error instanceof Error, `${what}: the stream was reset`)
    assert.equal(ending.error.name, 'StreamResetError', `${what}: ${String(ending.error)}`)
  }

  function assertRejected (ending: LinkEnding, request: TraceRequest, reason: string): void {
    assert.equal(ending.error, undefined, 'the node closed the stream cleanly')
    assert.deepEqual(ending.read, [{
      type: 'end',
      end: { requestId: request.id, failures: [{ peer: net.at(0).peerId.toString(), reason }] }
    }])
  }

  /** The latest exchange was logged: one line, naming the client and saying why. */
  function assertLogged (...parts: string[]): void {
    const lines = logs!.lines.slice(mark)
    const wanted = [client!.peerId.toString(), ...parts]
    assert.equal(lines.length, 1, `one log line for the exchange; got:\n${lines.join('\n')}`)
    for (const part of wanted) assert.ok(lines[0]?.includes(part), `the log line says '${part}': ${lines[0]}`)
  }

  const garbageSeed = testSeed(0xbad1)
  it(`(a) resets a stream of random bytes (seed ${garbageSeed})`, async function () {
    const garbage = Buffer.from(new Prng(garbageSeed).bytes(256))
    assertReset(await exchange(garbage), `random bytes ${garbage.toString('hex')}`)
    assertLogged('no request from')
  })

  it('(b) resets a truncated frame (length 100, 10 bytes, closed)', async function () {
    assertReset(await exchange(varint(100), new Uint8Array(10)), 'truncated frame')
    assertLogged('no request from', 'ERR_MALFORMED_MESSAGE: truncated message')
  })

  it('(c) resets an oversized frame without reading its body', async function () {
    assertReset(await exchange(varint(MAX_MESSAGE_BYTES + 1), new Uint8Array(1024)), 'oversized frame')
    assertLogged('no request from', 'ERR_MALFORMED_MESSAGE: oversized message')
  })

  it('(d) answers a request whose target was altered after signing with an end naming the node, no result', async function () {
    const before = net.counters(net.at(0))
    const request = { ...await signedRequest(auth, HOP_BUDGET, TTL_MS), target: '127.0.0.2' }
    assertRejected(await exchange(frame(encodeMessage({ type: 'request', request }))), request, 'ERR_INVALID_REQUEST: bad signature')
    assert.equal(net.counters(net.at(0)).requestsRejected, before.requestsRejected + 1)
    assertLogged(`rejected request ${request.id}`, 'bad signature')
  })

  it('(e) resets a protobuf that carries two parts', async function () {
    const request = await signedRequest(auth, HOP_BUDGET, TTL_MS)
    const body = pb.TraceMessage.encode({ request: requestToPb(request), end: { requestId: requestToPb(request).id, failures: [], duplicate: false } })
    assertReset(await exchange(frame(body)), 'two parts')
    assertLogged('no request from', 'exactly one part, not 2')
  })

  it('(e) resets a protobuf whose request field has the wrong wire type', async function () {
    // Field 1 (request) as a varint where a length-delimited message belongs.
    assertReset(await exchange(frame(Uint8Array.from([...fieldKey(1, 0), ...varint(5)]))), 'wrong wire type')
    assertLogged('no request from', 'ERR_MALFORMED_MESSAGE: undecodable message')
  })

  it('(e) resets a well-framed request with out-of-range fields (probe method, id length)', async function () {
    const request = requestToPb(await signedRequest(auth, HOP_BUDGET, TTL_MS))
    assertReset(await exchange(frame(pb.TraceMessage.encode({ request: { ...request, probe: { ...PROBE, method: 'sctp' } } }))), 'method sctp')
    assertLogged('no request from', "unknown probe method 'sctp'")
    assertReset(await exchange(frame(pb.TraceMessage.encode({ request: { ...request, id: Uint8Array.of(1, 2, 3) } }))), 'short id')
    assertLogged('no request from', 'request id of 3 bytes')
  })

  it('(e) resets a link whose first message is not a request, and one closed before any message', async function () {
    const end = encodeMessage({ type: 'end', end: { requestId: '00'.repeat(16), failures: [] } })
    assertReset(await exchange(frame(end)), 'an end first')
    assertLogged('no request from', 'ERR_PROTOCOL: the first message of a link must be a request')
    assertReset(await exchange(), 'empty stream')
    assertLogged('no request from', 'ERR_PROTOCOL: the first message of a link must be a request')
  })

  it('(f) answers an expired request (deadline past, correctly signed) with an end naming the node, no result', async function () {
    const before = net.counters(net.at(0))
    const now = systemClock.now()
    const request = await signedRequest(auth, HOP_BUDGET, TTL_MS, { timestamp: now - 2000, deadline: now - 1000 })
    assert.equal(await auth.verifyRequest(request), true, 'the signature itself is good')
    assertRejected(await exchange(frame(encodeMessage({ type: 'request', request }))), request, 'ERR_INVALID_REQUEST: deadline has passed')
    assert.equal(net.counters(net.at(0)).requestsRejected, before.requestsRejected + 1)
    assertLogged(`rejected request ${request.id}`, 'deadline has passed')
  })

  it('keeps serving: no flood started by any of it, and a normal trace through the same node returns every result', async function () {
    const totals = net.totals()
    assert.equal(totals.floodsServed, 0, 'no bad input started a flood')
    assert.equal(totals.requestsRejected, 2, 'the two decodable bad requests were counted')
    assert.equal(totals.messagesSent, 2, 'the two ends were the only messages sent')
    assert.equal(client!.getConnections(net.at(0).peerId).length, 1, 'the client connection survived every reset')

    const { results, summary } = await collectTrace(traceThroughPeer({
      entry: net.address(net.at(0), true), target: TARGET, probe: PROBE, timeoutMs: TTL_MS, hopBudget: HOP_BUDGET
    }))
    assert.deepEqual(vantages(results), net.ids().sort())
    assert.equal(summary.answered, NODES)
    assert.deepEqual(summary.failed, [])
    assert.equal(net.totals().floodsServed, NODES)
  })
})
