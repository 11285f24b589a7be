// How a peer treats what arrives on an inbound link: invalid requests, duplicates, too many floods, silence, a
// stopped service. Each case drives one link by hand from a test peer and reads exactly what comes back; time is
// the FloodNet's ManualClock.

import assert from 'node:assert/strict'
import { FloodService, OverlayError, type OverlayMessage, type TraceRequest } from '../../src/overlay/index.js'
import { ManualClock } from '../time/manual-clock.js'
import { FloodNet, controlledProber } from './flood-net.js'
import { lineGraph } from './topology.js'

const TESTER = 'tester'

/** Opens a link from the tester to `peer`, sends `first`, and reads until the link ends; a reset is returned. */
async function exchange (net: FloodNet, first: OverlayMessage | undefined, peer = 'p0'): Promise<{ messages: OverlayMessage[], error?: string }> {
  const link = await net.network.transport(TESTER).open(peer, new AbortController().signal)
  const messages: OverlayMessage[] = []
  try {
    if (first !== undefined) await link.send(first)
    for await (const message of link.messages()) {
      messages.push(message)
      if (message.type === 'end') await link.close()
    }
  } catch (err) {
    return { messages, error: (err as OverlayError).code }
  }
  return { messages }
}

function withTester (net: FloodNet, peer = 'p0'): FloodNet {
  net.network.addPeer(TESTER)
  net.network.connect(TESTER, peer)
  return net
}

describe('overlay request handling', () => {
  /** What is wrong with a request, made at `now`. */
  const invalid: Array<[string, (request: TraceRequest, now: number) => TraceRequest, RegExp]> = [
    ['a hop budget above the initial one', (r) => ({ ...r, hopBudget: r.initialHopBudget + 1 }), /hopBudget is not in 0\.\.initialHopBudget/],
    ['an initial budget above the maximum', (r) => ({ ...r, initialHopBudget: 17, hopBudget: 17 }), /initialHopBudget is not in 0\.\.16/],
    ['an expired deadline', (r, now) => ({ ...r, timestamp: now - 5000, deadline: now - 1 }), /deadline has passed/],
    ['a timestamp after the deadline', (r) => ({ ...r, timestamp: r.deadline + 1 }), /timestamp is after the deadline/],
    ['a deadline too far away', (r, now) => ({ ...r, deadline: now + 10 * 60_000 }), /deadline is more than 120000 ms away/],
    ['no time left before the cut-off', (r, now) => ({ ...r, deadline: now + 50 }), /no time left before this depth's cut-off/],
    ['a bad signature', (r) => ({ ...r, target: '198.51.100.7' }), /bad signature/],
    ['a malformed id', (r) => ({ ...r, id: 'not-hex' }), /id is not 16 bytes of hex/],
    ['an oversized target', (r) => ({ ...r, target: 'x'.repeat(254) }), /target is empty or longer than 253/],
    ['probe options out of range', (r) => ({ ...r, probe: { ...r.probe, queries: 99 } }), /probe queries is not in 1\.\.10/],
    ['more rounds than a request may ask for', (r) => ({ ...r, probe: { ...r.probe, rounds: 65 } }), /probe rounds is not in 0\.\.64/]
  ]

  it('rejects invalid requests with an end naming the peer, and keeps serving', async () => {
    const net = withTester(new FloodNet({ size: 5, edges: lineGraph(5) }))
    for (const [what, spoil, reason] of invalid) {
      const bad = spoil(await net.request(), net.clock.now())
      const { messages, error } = await exchange(net, { type: 'request', request: bad })
      assert.equal(error, undefined, what)
      assert.equal(messages.length, 1, what)
      const end = messages[0]
      assert.ok(end?.type === 'end', what)
      assert.equal(end.end.duplicate, undefined, what)
      assert.equal(end.end.failures.length, 1, what)
      assert.equal(end.end.failures[0]?.peer, 'p0', what)
      assert.match(end.end.failures[0]?.reason ?? '', /^ERR_INVALID_REQUEST: /, what)
      assert.match(end.end.failures[0]?.reason ?? '', reason, what)
    }
    const p0 = net.services.get('p0') as FloodService
    assert.equal(p0.counters.requestsRejected, invalid.length)
    assert.equal(p0.counters.floodsServed, 0)
    assert.equal(net.probed.get('p0')?.size, 0)

    const { results, summary } = await net.trace(await net.request())
    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1', 'p2', 'p3', 'p4'])
    assert.equal(summary.answered, 5)
    net.stop()
  })

  it('an invalid copy does not poison the id: the valid request with the same id is served', async () => {
    const net = withTester(new FloodNet({ size: 3, edges: lineGraph(3) }))
    const request = await net.request()
    const forged = { ...request, target: '203.0.113.9' }
    const { messages } = await exchange(net, { type: 'request', request: forged })
    assert.match(messages[0]?.type === 'end' ? messages[0].end.failures[0]?.reason ?? '' : '', /bad signature/)
    const { results } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1', 'p2'])
    net.stop()
  })

  it('answers a duplicate at once with end {duplicate}, while the first copy is still being served', async () => {
    const held = controlledProber()
    const net = withTester(new FloodNet({ size: 1, edges: [], probers: { p0: held.prober } }))
    const request = await net.request()
    const first = exchange(net, { type: 'request', request })
    await held.called
    const second = await exchange(net, { type: 'request', request })
    assert.deepEqual(second.messages, [{ type: 'end', end: { requestId: request.id, failures: [], duplicate: true } }])
    assert.equal(net.services.get('p0')?.counters.duplicatesDropped, 1)

    held.release({ error: { code: 'ERR_X', message: 'done' } })
    const { messages } = await first
    assert.deepEqual(messages.map((m) => m.type), ['result', 'end'])
    assert.deepEqual(messages[1], { type: 'end', end: { requestId: request.id, failures: [] } })
    net.stop()
  })

  it('serves one of two copies that arrive together, whose signature checks end together: the other is a duplicate', async () => {
    const held = controlledProber()
    const clock = new ManualClock()
    const net = withTester(new FloodNet({ size: 1, edges: [], probers: { p0: held.prober }, delayMs: 1, clock }))
    const request = await net.request()
    const copies = Promise.all([exchange(net, { type: 'request', request }), exchange(net, { type: 'request', request })])
    // Both dials land, then both copies at the same instant, back to back: both checks run before either ends.
    clock.advance(1)
    await net.until(() => clock.dueBy(clock.now() + 1) === 2)
    clock.advance(1)
    await held.called
    held.release({ error: { code: 'ERR_X', message: 'done' } })
    const ends = (await clock.runWhile(copies, 1)).map(({ messages }) => messages.at(-1))
    assert.deepEqual(ends.filter((end) => end?.type === 'end' && end.end.duplicate === true).length, 1)
    assert.equal(net.services.get('p0')?.counters.floodsServed, 1)
    assert.equal(net.probed.get('p0')?.size, 1)
    net.stop()
  })

  it('turns a request away as busy beyond maxConcurrentFloods', async () => {
    const held = controlledProber()
    const net = withTester(new FloodNet({ size: 1, edges: [], probers: { p0: held.prober }, init: { maxConcurrentFloods: 1 } }))
    const first = exchange(net, { type: 'request', request: await net.request() })
    await held.called
    const { messages } = await exchange(net, { type: 'request', request: await net.request() })
    assert.equal(messages.length, 1)
    assert.match(messages[0]?.type === 'end' ? messages[0].end.failures[0]?.reason ?? '' : '', /^ERR_BUSY: 1 floods running$/)
    assert.equal(net.services.get('p0')?.counters.requestsBusy, 1)
    held.release({ error: { code: 'ERR_X', message: 'done' } })
    await first
    net.stop()
  })

  it('resets a link whose first message is not a request, or that sends nothing in time', async () => {
    const clock = new ManualClock()
    const net = withTester(new FloodNet({ size: 1, edges: [], init: { requestTimeoutMs: 30 }, clock }))
    const request = await net.request()
    const wrong = await exchange(net, { type: 'end', end: { requestId: request.id, failures: [] } })
    assert.deepEqual(wrong, { messages: [], error: 'ERR_LINK_RESET' })
    assert.equal(clock.now(), clock.start, 'a wrong first message is reset at once')
    const silence = exchange(net, undefined)
    // The request timeout is the one timer: the link is reset when it fires, 30 ms after the link came.
    assert.equal(await clock.runNext(), clock.start + 30)
    assert.deepEqual(await silence, { messages: [], error: 'ERR_LINK_RESET' })
    // And it still serves.
    const { results } = await net.trace(request)
    assert.equal(results.length, 1)
    net.stop()
  })

  it('a stopped service resets inbound links; stop() aborts the floods in progress', async () => {
    const held = controlledProber()
    const net = withTester(new FloodNet({ size: 1, edges: [], probers: { p0: held.prober } }))
    const running = exchange(net, { type: 'request', request: await net.request() })
    await held.called
    net.stop()
    assert.deepEqual(await running, { messages: [], error: 'ERR_LINK_RESET' })
    assert.deepEqual(await exchange(net, { type: 'request', request: await net.request() }), { messages: [], error: 'ERR_LINK_RESET' })
    assert.equal(net.services.get('p0')?.isStarted(), false)
  })

  it('refuses inconsistent limits', () => {
    const net = new FloodNet({ size: 1, edges: [] })
    const components = { transport: net.network.transport('p0'), prober: async () => ({}), authenticator: net.auth, name: 'x' }
    assert.throws(() => new FloodService(components, { maxDeadlineMs: 60_000, seenTtlMs: 30_000 }),
      (err: OverlayError) => err.code === 'ERR_INVALID_INIT')
    assert.throws(() => new FloodService(components, { cutoffMarginMs: -1 }), (err: OverlayError) => err.code === 'ERR_INVALID_INIT')
    assert.throws(() => new FloodService(components, { probeStopMarginMs: 0.5 }), (err: OverlayError) => err.code === 'ERR_INVALID_INIT')
    assert.throws(() => new FloodService(components, { maxResultsPerFlood: 0 }), (err: OverlayError) => err.code === 'ERR_INVALID_INIT')
    net.stop()
  })
})
