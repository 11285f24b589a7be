// GET /api/traces/<id>/map.svg with bounded work (issue 14, item 4): a trace an attacker ran, recorded under an id
// it knows, with one dense result (50 hops x 10 addresses) froze the node for seconds while dagre laid it out on the
// event loop. Now a map past the caps is refused (413) before any layout, a layout runs in a worker thread (the
// node answers meanwhile), is ended past its time limit, and only a few run at once.

import assert from 'node:assert/strict'
import { buildMapGraph, type MapGraph } from '../../src/format/map-graph.js'
import { renderMapSvg } from '../../src/format/map-svg.js'
import type { StoredTrace } from '../../src/history/types.js'
import type { VantageResult } from '../../src/overlay/types.js'
import { MAX_MAP_EDGES, MAX_MAP_NODES } from '../../src/web/server/constants.js'
import { HttpError } from '../../src/web/server/errors.js'
import { MapRenderer } from '../../src/web/server/map-renderer.js'
import { ManualClock } from '../time/manual-clock.js'
import { FakeHistory, storedTrace, TARGET } from './fake-node.js'
import { request, stream } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

const STARTED_AT = 1_700_000_000_000

/** `vantages` paths of `hops` TTLs, each TTL answered by `width` addresses (ECMP): the map's densest shape. */
function denseResults (requestId: string, vantages: number, hops: number, width: number): VantageResult[] {
  return Array.from({ length: vantages }, (_, v) => ({
    requestId,
    peer: `peer${v}`,
    name: `vantage-${v}`,
    signature: new Uint8Array([1]),
    trace: {
      target: TARGET, addr: TARGET, method: 'icmp', reached: false, durationMs: 1, probesSent: hops * width,
      hops: Array.from({ length: hops }, (_, t) => {
        const addrs = Array.from({ length: width }, (_, w) => `198.19.${v * 50 + t}.${w + 1}`)
        return { ttl: t + 1, addr: addrs[0], addrs: width > 1 ? addrs : undefined, rtts: [t + 1] }
      })
    }
  }))
}

/** Says when the server looks a trace up (once). */
class SignallingHistory extends FakeHistory {
  onGet: (() => void) | undefined

  override get (idOrPrefix: string): StoredTrace | undefined {
    this.onGet?.()
    this.onGet = undefined
    return super.get(idOrPrefix)
  }
}

const graphOf = (results: VantageResult[]): MapGraph =>
  buildMapGraph(TARGET, results.map(r => ({ peer: r.peer, name: r.name, trace: r.trace, error: r.error })))

describe('web server: the map of a trace is drawn with bounded work', function () {
  // A guard against a hang, not a bound on speed: the large map (428 nodes, 826 edges) is laid out twice, in the
  // server's worker and here for the exact comparison, 1.5 s each on an idle machine; under 4 busy loops beside the
  // suite's other files the pair ran past 60 s.
  this.timeout(300_000)
  const DENSE = 'd'.repeat(32)
  const LARGE = 'e'.repeat(32)
  const SMALL = 'f'.repeat(32)
  const dense = denseResults(DENSE, 1, 50, 10)
  const large = denseResults(LARGE, 7, 30, 2)
  const small = denseResults(SMALL, 2, 5, 1)
  const history = new SignallingHistory([storedTrace(DENSE, STARTED_AT, dense), storedTrace(LARGE, STARTED_AT, large), storedTrace(SMALL, STARTED_AT, small)])
  let fx: Fixture

  // The server's time limit never runs out here: it stands on a clock no test moves, so how fast a loaded machine
  // lays the map out cannot turn the exact map into a 503. The limit itself is the last test's, on a moved clock.
  before(async () => { fx = await startFixture({ history, clock: new ManualClock() }) })
  after(async () => { await fx.server.close() })

  it('refuses the attack map (50 hops x 10 addresses) with 413 before laying anything out', async () => {
    const graph = graphOf(dense)
    assert.deepEqual([graph.nodes.length, graph.edges.length], [502, 4910])
    const reply = await request(fx.base, `/api/traces/${DENSE}/map.svg`)
    assert.equal(reply.status, 413, reply.body.slice(0, 200))
    assert.deepEqual(JSON.parse(reply.body), {
      error: `the map is too large to draw: 502 nodes and 4910 edges (at most ${MAX_MAP_NODES} and ${MAX_MAP_EDGES})`
    })
  })

  it('lays out a large map off the event loop: the node answers while it is drawn, then the map is exact', async () => {
    const graph = graphOf(large)
    assert.ok(graph.nodes.length <= MAX_MAP_NODES && graph.edges.length <= MAX_MAP_EDGES, 'under the caps')
    // The server looks the trace up just before it draws; only then is the next request sent. A layout on the
    // event loop (this process's, the test's too) would hold that request back until the map had been sent.
    const reached = new Promise<void>(resolve => { history.onGet = resolve })
    let mapHeaders = false
    const map = stream(fx.base, `/api/traces/${LARGE}/map.svg`).then(reader => { mapHeaders = true; return reader })
    await reached
    const node = await request(fx.base, '/api/node')
    assert.equal(node.status, 200)
    assert.equal(mapHeaders, false, 'the node answered while the map was being drawn')
    const reader = await map
    const body = await reader.end()
    assert.equal(reader.res.statusCode, 200, body.slice(0, 200))
    assert.equal(body, renderMapSvg(graph))
  })

  it('serves a small map exactly as the map format draws it', async () => {
    const reply = await request(fx.base, `/api/traces/${SMALL}/map.svg`)
    assert.equal(reply.status, 200)
    assert.equal(reply.headers['content-type'], 'image/svg+xml; charset=utf-8')
    assert.equal(reply.body, renderMapSvg(graphOf(small)))
  })

  it('ends a layout past its time limit (503), and runs at most maxLayouts at once (503)', async () => {
    const clock = new ManualClock()
    const renderer = new MapRenderer({ clock, timeoutMs: 1000, maxLayouts: 2 })
    const graph = graphOf(large)
    const first = renderer.render(graph)
    const second = renderer.render(graph)
    await assert.rejects(renderer.render(graph), (err: unknown) => {
      assert.ok(err instanceof HttpError)
      assert.equal(err.status, 503)
      assert.equal(err.message, '2 maps are being drawn already: try again later')
      return true
    })
    // The workers' answers can only arrive on a later turn of the event loop: the time limit comes first.
    clock.advance(1000)
    for (const pending of [first, second]) {
      await assert.rejects(pending, (err: unknown) => {
        assert.ok(err instanceof HttpError)
        assert.equal(err.status, 503)
        assert.equal(err.message, 'the map took longer than 1000 ms to draw')
        return true
      })
    }
    // Both slots are free again.
    const small = graphOf(denseResults(SMALL, 1, 3, 1))
    assert.equal(await renderer.render(small), renderMapSvg(small))
    await renderer.close()
  })
})
