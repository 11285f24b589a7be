// Traces a node records and starts itself, over real libp2p on loopback (fake probers): a client's trace and an
// operator trace (the web view's) through node 0 of a 3-node mesh both reach every node, and node 0's history
// holds each exactly as its requester saw it: the same results in the same order and the same summary.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { HistoryStore } from '../../src/history/store.js'
import { OperatorTraces } from '../../src/node/service/operator-traces.js'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import { LoopbackNet, PROBE, TARGET, assertFakeTraces, collectTrace, vantages } from './loopback-net.js'

const TRACE_TIMEOUT_MS = 20_000

describe('node: history of the traces an entry peer serves, and traces the node starts itself', function () {
  this.timeout(60_000)
  const net = new LoopbackNet()
  const dir = mkdtempSync(join(tmpdir(), 'peertrace-operator-'))
  let store: HistoryStore
  let operator: OperatorTraces
  let operatorId: string

  before(async function () {
    store = new HistoryStore({ dataDir: dir })
    const operatorKey = await generateKeyPair('Ed25519')
    operatorId = peerIdFromPrivateKey(operatorKey).toString()
    const first = await net.add({ history: { store, operatorId } })
    await net.add({ bootstrap: [net.address(first, true)] })
    await net.add({ bootstrap: [net.address(first, true)] })
    await net.waitForDegree(2, 30_000)
    operator = new OperatorTraces({ flood: first.services.trace.flood, self: first.peerId.toString(), operatorKey, history: store })
  })

  after(async () => {
    await net.stop()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records a client\'s trace through it with the client\'s own summary', async () => {
    const live = await collectTrace(traceThroughPeer({
      entry: net.address(net.at(0), true), target: TARGET, probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS
    }))
    assert.deepEqual(vantages(live.results), [...net.ids()].sort())
    const [entry] = store.list()
    assert.ok(entry !== undefined)
    const stored = store.get(entry.id)
    assert.ok(stored !== undefined)
    assert.deepEqual(stored.results, live.results)
    assert.deepEqual(stored.summary, { target: TARGET, ...live.summary })
    assert.notEqual(stored.origin, operatorId)
    assert.deepEqual(entry, { id: stored.id, startedAt: stored.startedAt, target: TARGET, answered: 3, failed: 0 })
    // Signed with a fresh key, but from the node's own host (127.0.0.1): the operator's, as for reading the history.
    assert.deepEqual([store.usage().own.traces, store.usage().others.traces], [1, 0])
  })

  it('starts a trace as the operator: every node answers, and the history holds it as it was streamed', async () => {
    const trace = await operator.start({ target: TARGET, method: 'udp', timeoutMs: TRACE_TIMEOUT_MS, maxHops: PROBE.maxHops, queries: 1 })
    assert.match(trace.id, /^[0-9a-f]{32}$/)
    const live = await collectTrace(trace.events)
    assert.deepEqual(vantages(live.results), [...net.ids()].sort())
    assertFakeTraces(live.results, TARGET)
    assert.equal(live.summary.answered, 3)
    const stored = store.get(trace.id)
    assert.ok(stored !== undefined)
    assert.equal(stored.origin, operatorId)
    assert.equal(stored.request.probe.method, 'udp')
    assert.deepEqual(stored.results, live.results)
    assert.deepEqual(stored.summary, { target: TARGET, ...live.summary })
    assert.equal(store.list()[0]?.id, trace.id, 'newest first')
  })
})
