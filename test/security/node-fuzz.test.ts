// Fuzzes a running node over real libp2p streams on 127.0.0.1: 200 seeded hostile exchanges on the trace protocol
// (random bytes, frames cut short, bit-flipped, re-wired or garbage-filled frames of real requests, rejoins,
// results and ends, oversized length prefixes, a valid request followed by garbage). Each must end promptly (a
// reset, an end, or a flood when the mutation left a valid request: we close our side at once, so the node takes
// us for a dead upstream and ends it), nothing may throw out of the node, and afterwards a normal trace through the
// same node returns every peer's result.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Libp2p } from '@libp2p/interface'
import { concat } from 'uint8arrays'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import type { OverlayMessage } from '../../src/overlay/types.js'
import { encodeMessage, type KeyAuthenticator, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js'
import { LoopbackNet, PROBE, TARGET, collectTrace, signedRequest, vantages } from '../node/loopback-net.js'
import { frame, varint } from '../node/raw-frames.js'
import { waitFor } from '../node/wait-for.js'
import {
  deepNesting, editBytes, flipBits, fuzzSeed, nestIn, protobufGarbage, randomBytes, rewireField, truncate
} from './fuzz-input.js'
import { Prng } from '../random/seeded-random.js'
import { rawExchange } from './raw-exchange.js'
import { TRACE_MESSAGE_PATHS } from './wire-samples.js'

const CASES = 200
const NODES = 3
const HOP_BUDGET = 4
const TTL_MS = 20_000
/** Beyond the node's own request timeout (10 s): only a node that neither answers nor resets reaches it. */
const EXCHANGE_TIMEOUT_MS = 15_000
const MESH_TIMEOUT_MS = 30_000
const IDLE_TIMEOUT_MS = 10_000
/** Mocha's hang guard for the whole run (a few seconds on an idle machine); the time is reported, not asserted. */
const WALL_BUDGET_MS = 120_000

const STRATEGIES = [
  'random-bytes', 'random-frame', 'truncated-frame', 'truncated-body', 'bit-flipped-frame', 'bit-flipped-body',
  'byte-edited-body', 'wrong-wire-type', 'garbage-frame', 'deep-nesting-frame', 'oversized-prefix', 'request-then-garbage'
] as const
type Strategy = typeof STRATEGIES[number]
type Outcome = 'reset' | 'refused' | 'flooded'

describe('security: fuzzing a live node over libp2p streams', function () {
  this.timeout(WALL_BUDGET_MS + MESH_TIMEOUT_MS)
  const net = new LoopbackNet()
  let client: Libp2p | undefined
  let auth: KeyAuthenticator
  const escaped: unknown[] = []
  const onEscape = (err: unknown): void => { escaped.push(err) }

  before(async function () {
    await net.addMesh(NODES, MESH_TIMEOUT_MS)
    const requester = await net.addClient()
    client = requester.client
    auth = requester.auth
    await client.dial(net.address(net.at(0), true), { signal: AbortSignal.timeout(MESH_TIMEOUT_MS) })
    process.on('uncaughtException', onEscape)
    process.on('unhandledRejection', onEscape)
  })

  after(async () => {
    process.off('uncaughtException', onEscape)
    process.off('unhandledRejection', onEscape)
    await net.stop()
  })

  /** A fresh valid message of each kind, as the first thing on a link (only a request or a rejoin is acceptable there). */
  async function validMessage (prng: Prng): Promise<Uint8Array> {
    const request = await signedRequest(auth, HOP_BUDGET, TTL_MS)
    const kind = prng.int(0, 6)
    if (kind <= 3) return encodeMessage({ type: 'request', request })
    if (kind === 6) return encodeMessage({ type: 'rejoin', request })
    const result: OverlayMessage = {
      type: 'result',
      result: await auth.signResult({ requestId: request.id, peer: auth.self, name: 'fuzz', error: { code: 'ERR_X', message: 'x' } })
    }
    const end: OverlayMessage = { type: 'end', end: { requestId: request.id, failures: [{ peer: auth.self, reason: 'ERR_X: x' }] } }
    return encodeMessage(kind === 4 ? result : end)
  }

  async function chunks (prng: Prng, strategy: Strategy): Promise<Uint8Array[]> {
    const valid = await validMessage(prng)
    switch (strategy) {
      case 'random-bytes': return [randomBytes(prng)]
      case 'random-frame': return [frame(randomBytes(prng))]
      case 'truncated-frame': return [truncate(prng, frame(valid))]
      case 'truncated-body': return [frame(truncate(prng, valid))]
      case 'bit-flipped-frame': return [flipBits(prng, frame(valid))]
      case 'bit-flipped-body': return [frame(flipBits(prng, valid))]
      case 'byte-edited-body': return [frame(editBytes(prng, valid))]
      case 'wrong-wire-type': return [frame(rewireField(prng, valid))]
      case 'garbage-frame': return [frame(nestIn(protobufGarbage(prng), prng.pick(TRACE_MESSAGE_PATHS)))]
      case 'deep-nesting-frame': return [frame(deepNesting(prng))]
      case 'oversized-prefix': return [varint(prng.int(MAX_MESSAGE_BYTES + 1, 2 ** 31)), prng.bytes(prng.int(0, 2048))]
      case 'request-then-garbage': {
        const request = encodeMessage({ type: 'request', request: await signedRequest(auth, HOP_BUDGET, TTL_MS) })
        return [concat([frame(request), prng.chance(0.5) ? frame(protobufGarbage(prng)) : randomBytes(prng)])]
      }
    }
  }

  const floodsIdle = async (): Promise<void> => {
    await waitFor(() => net.nodes.every(node => node.services.trace.flood.activeFloods === 0), {
      timeoutMs: IDLE_TIMEOUT_MS, what: 'every flood to end', state: () => net.nodes.map(n => n.services.trace.flood.activeFloods).join(',')
    })
  }

  it(`${CASES} random, truncated and bit-flipped frames: each ends promptly, none escapes the node`, async function () {
    const seed = (fuzzSeed() ^ 0x2545f491) >>> 0
    const prng = new Prng(seed)
    const entry = net.at(0)
    const outcomes = new Map<Outcome, number>([['reset', 0], ['refused', 0], ['flooded', 0]])
    const byStrategy = new Map<Strategy, number>(STRATEGIES.map(s => [s, 0]))
    const hung: string[] = []
    let slowestMs = 0
    const started = performance.now()
    for (let index = 0; index < CASES; index++) {
      const strategy = STRATEGIES[index % STRATEGIES.length]!
      byStrategy.set(strategy, byStrategy.get(strategy)! + 1)
      const input = await chunks(prng, strategy)
      const served = net.counters(entry).floodsServed
      const ending = await rawExchange(client!, entry.peerId, input, { timeoutMs: EXCHANGE_TIMEOUT_MS })
      slowestMs = Math.max(slowestMs, ending.ms)
      if (ending.hung) hung.push(`case ${index} (${strategy}): ${Buffer.concat(input).subarray(0, 64).toString('hex')}`)
      const flooded = net.counters(entry).floodsServed - served
      assert.ok(flooded === 0 || flooded === 1, `case ${index}: ${flooded} floods`)
      const outcome: Outcome = flooded === 1 ? 'flooded' : ending.error !== undefined ? 'reset' : 'refused'
      if (outcome === 'refused') {
        // A clean close without a flood is one end that names the entry node, and nothing else.
        assert.equal(ending.read.length, 1, `case ${index} (${strategy}): ${JSON.stringify(ending.read)}`)
        assert.equal(ending.read[0]?.type, 'end')
      }
      if (outcome === 'reset') assert.equal(ending.read.filter(m => m.type === 'result').length, 0, `case ${index}: results before a reset`)
      outcomes.set(outcome, outcomes.get(outcome)! + 1)
      await floodsIdle()
    }
    const wallMs = performance.now() - started
    console.log(`      node fuzz: seed ${seed} (0x${seed.toString(16)}): ${CASES} exchanges, ` +
      `${outcomes.get('reset')} reset, ${outcomes.get('refused')} refused with an end, ${outcomes.get('flooded')} started ` +
      `a flood (the mutation left a valid request), ${hung.length} hung, ${escaped.length} escaped errors, ` +
      `slowest ${Math.round(slowestMs)} ms, ${Math.round(wallMs)} ms in all`)

    assert.deepEqual(hung, [], 'every exchange ended before the deadline')
    assert.deepEqual(escaped, [], 'no exception or rejection escaped the node')
    assert.equal([...outcomes.values()].reduce((a, b) => a + b, 0), CASES)
    assert.ok([...byStrategy.values()].every(n => n > 0))
  })

  it('keeps serving: the client connection survived, and a normal trace returns every result', async function () {
    assert.equal(client!.getConnections(net.at(0).peerId).length, 1, 'the client connection survived every reset')
    const served = net.totals().floodsServed
    const { results, summary } = await collectTrace(traceThroughPeer({
      entry: net.address(net.at(0), true), target: TARGET, probe: PROBE, timeoutMs: TTL_MS, hopBudget: HOP_BUDGET
    }))
    assert.deepEqual(vantages(results), net.ids().sort())
    assert.equal(summary.answered, NODES)
    assert.deepEqual(summary.failed, [])
    assert.equal(summary.unverified, 0)
    assert.equal(net.totals().floodsServed, served + NODES)
    assert.deepEqual(escaped, [])
  })
})
