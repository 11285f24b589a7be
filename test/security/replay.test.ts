// Replayed, forged and expired requests against running nodes over libp2p on 127.0.0.1, with probers that log every
// request they measure. A correctly signed request sent again with the same id after its flood finished (to the
// same node, to another node, with a lowered hop budget, or re-signed for another target) gets no second
// measurement anywhere (nor as a rejoin); a forged or expired one gets none at all; and a fresh request is served
// by every node.
// (test/node/bad-input.test.ts and signatures.test.ts cover forged, expired and altered at the stream level.)

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Libp2p } from '@libp2p/interface'
import type { PeertraceNode } from '../../src/node/create-node.js'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import type { OverlayMessage, TraceRequest } from '../../src/overlay/types.js'
import { encodeMessage, type KeyAuthenticator } from '../../src/protocol/index.js'
import { systemClock } from '../../src/time/clock.js'
import { LoopbackNet, PROBE, TARGET, assertFakeTraces, collectTrace, signedRequest, vantages } from '../node/loopback-net.js'
import { frame } from '../node/raw-frames.js'
import { waitFor } from '../node/wait-for.js'
import { addCountingMesh, type ProbeLog } from './counting-net.js'
import { rawExchange, type RawExchange } from './raw-exchange.js'

const NODES = 3
const HOP_BUDGET = 4
const TTL_MS = 20_000
/** Well under the node's request timeout (10 s): every answer here must be prompt. */
const ANSWER_TIMEOUT_MS = 5_000
const MESH_TIMEOUT_MS = 30_000

describe('security: replayed, forged and expired requests', function () {
  const net = new LoopbackNet()
  const probed: ProbeLog = []
  let client: Libp2p | undefined
  let auth: KeyAuthenticator
  /** The request the first test floods and the later ones replay. */
  let original: TraceRequest

  before(async function () {
    await addCountingMesh(net, probed, NODES, MESH_TIMEOUT_MS)
    const requester = await net.addClient()
    client = requester.client
    auth = requester.auth
    for (const node of net.nodes) await client.dial(net.address(node, true), { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
  })

  after(async () => { await net.stop() })

  /** Sends `request` (as a request, or as a rejoin) on a new stream, as an upstream does, and reads to the end. */
  async function send (node: PeertraceNode, request: TraceRequest, type: 'request' | 'rejoin' = 'request'): Promise<RawExchange> {
    const bytes = frame(encodeMessage({ type, request }))
    const ending = await rawExchange(client!, node.peerId, [bytes], { timeoutMs: ANSWER_TIMEOUT_MS, awaitEnd: true })
    assert.equal(ending.hung, false, 'the node answered in time')
    return ending
  }

  const floodsIdle = async (): Promise<void> => {
    await waitFor(() => net.nodes.every(node => node.services.trace.flood.activeFloods === 0), {
      timeoutMs: ANSWER_TIMEOUT_MS, what: 'every flood to end'
    })
  }

  /** How often each node's prober measured request `id`. */
  const measured = (id: string): number[] => probed.map(calls => calls.filter(call => call === id).length)

  function assertDuplicate (ending: RawExchange, id: string, what: string): void {
    assert.equal(ending.error, undefined, `${what}: closed cleanly`)
    assert.deepEqual(ending.read, [{ type: 'end', end: { requestId: id, failures: [], duplicate: true } }] satisfies OverlayMessage[], what)
  }

  it('floods a correctly signed request once: every node measures it once', async function () {
    original = await signedRequest(auth, HOP_BUDGET, TTL_MS)
    const ending = await send(net.at(0), original)
    assert.equal(ending.error, undefined)
    const results = ending.read.filter(m => m.type === 'result').map(m => m.result)
    assert.deepEqual(vantages(results), net.ids().sort())
    assertFakeTraces(results, TARGET)
    for (const result of results) assert.equal(await auth.verifyResult(result), true, `${result.name}'s signature`)
    assert.deepEqual(ending.read.at(-1), { type: 'end', end: { requestId: original.id, failures: [] } })
    await floodsIdle()
    assert.deepEqual(measured(original.id), [1, 1, 1])
  })

  it('a replay to the same node after the flood finished: a duplicate end, no second measurement', async function () {
    const dropped = net.counters(net.at(0)).duplicatesDropped
    assertDuplicate(await send(net.at(0), original), original.id, 'the same bytes again')
    assert.equal(net.counters(net.at(0)).duplicatesDropped, dropped + 1)
    await floodsIdle()
    assert.deepEqual(measured(original.id), [1, 1, 1])
  })

  it('a replay to another node that had it by the flood: a duplicate end, no second measurement', async function () {
    for (const index of [1, 2]) assertDuplicate(await send(net.at(index), original), original.id, `replayed to node ${index}`)
    await floodsIdle()
    assert.deepEqual(measured(original.id), [1, 1, 1])
  })

  it('the same request replayed as a rejoin after its flood finished: a duplicate end, nothing adopted or measured', async function () {
    const adopted = net.counters(net.at(0)).rejoinsAdopted
    assertDuplicate(await send(net.at(0), original, 'rejoin'), original.id, 'a rejoin of a finished flood')
    assert.equal(net.counters(net.at(0)).rejoinsAdopted, adopted)
    await floodsIdle()
    assert.deepEqual(measured(original.id), [1, 1, 1])
  })

  it('a replay with the unsigned hop budget lowered, or re-signed for another target under the same id: duplicates', async function () {
    const lowered = { ...original, hopBudget: 0 }
    assert.equal(await auth.verifyRequest(lowered), true, 'the hop budget is not signed: the signature still holds')
    assertDuplicate(await send(net.at(0), lowered), original.id, 'hop budget 0')
    const { signature: _, ...unsigned } = original
    const resigned = await auth.signRequest({ ...unsigned, target: '127.0.0.2', timestamp: systemClock.now() })
    assert.equal(resigned.id, original.id)
    assertDuplicate(await send(net.at(1), resigned), original.id, 're-signed, same id')
    await floodsIdle()
    assert.deepEqual(measured(original.id), [1, 1, 1])
    assert.equal(probed.flat().length, NODES, 'nothing else was measured at all')
  })

  it('a forged signature (id changed after signing, a selector altered or stripped) and an expired request: refused, never measured', async function () {
    const forged = { ...await signedRequest(auth, HOP_BUDGET, TTL_MS), id: 'ab'.repeat(16) }
    const now = systemClock.now()
    const expired = await signedRequest(auth, HOP_BUDGET, TTL_MS, { timestamp: now - 2000, deadline: now - 1000 })
    // A selection is signed: widened to every node, or stripped, it no longer checks.
    const selected = await signedRequest(auth, HOP_BUDGET, TTL_MS, { selector: { terms: ['peer-1'] } })
    const widened = { ...selected, selector: { terms: ['peer-0', 'peer-1', 'peer-2'] } }
    const stripped = { ...await signedRequest(auth, HOP_BUDGET, TTL_MS, { selector: { terms: ['peer-2'], limit: 1, chosen: [net.at(2).peerId.toString()] } }), selector: undefined }
    for (const [request, reason] of [[forged, 'bad signature'], [expired, 'deadline has passed'], [widened, 'bad signature'], [stripped, 'bad signature']] as const) {
      const ending = await send(net.at(0), request)
      assert.equal(ending.error, undefined)
      assert.deepEqual(ending.read, [{
        type: 'end', end: { requestId: request.id, failures: [{ peer: net.at(0).peerId.toString(), reason: `ERR_INVALID_REQUEST: ${reason}` }] }
      }] satisfies OverlayMessage[])
    }
    await floodsIdle()
    assert.deepEqual(measured(forged.id), [0, 0, 0])
    assert.deepEqual(measured(expired.id), [0, 0, 0])
    assert.deepEqual(measured(widened.id), [0, 0, 0])
    assert.deepEqual(measured(stripped.id), [0, 0, 0])
    assert.equal(probed.flat().length, NODES, 'still only the first flood was measured')
  })

  it('serves on: a fresh request through the same node is measured once by every node', async function () {
    const { results, summary } = await collectTrace(traceThroughPeer({
      entry: net.address(net.at(0), true), target: TARGET, probe: PROBE, timeoutMs: TTL_MS, hopBudget: HOP_BUDGET
    }))
    assert.deepEqual(vantages(results), net.ids().sort())
    assertFakeTraces(results, TARGET)
    assert.equal(summary.answered, NODES)
    assert.deepEqual(summary.failed, [])
    const fresh = results[0]!.requestId
    assert.notEqual(fresh, original.id)
    assert.deepEqual(measured(fresh), [1, 1, 1])
    assert.deepEqual(probed.map(calls => calls.length), [2, 2, 2])
  })
})
