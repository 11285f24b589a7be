// A probe still running at its peer's cut-off: the flood tells the prober to stop a little before, and the hops it
// measured so far reach the requester as that peer's result, `stop: 'deadline'`, never an error in their place.
// Nothing sleeps: the probers resolve when the flood aborts them, and the test reads what the requester got.

import assert from 'node:assert/strict'
import { TracePrinter, type Format } from '../../src/cli/trace-printer.js'
import { OverlayError, type LocalProber, type TraceRequest, type VantageResult } from '../../src/overlay/index.js'
import { DEFAULT_PROBE_STOP_MARGIN_MS } from '../../src/overlay/constants.js'
import { FloodNet, partialOnAbortProber, partialTrace, quickTrace, type TraceOutcome } from './flood-net.js'
import { seededRandom } from '../random/seeded-random.js'
import { ManualClock } from '../time/manual-clock.js'
import { lineGraph, randomConnectedGraph } from './topology.js'

const SIZE = 24
const CUT = 3
/** Room for a dozen depths of 50 ms cut-off margins and the default probe stop margin: no wait is near it. */
const DEADLINE_MS = 1500
const byPeer = (results: VantageResult[]): VantageResult[] => [...results].sort((a, b) => a.peer.localeCompare(b.peer))

/** `count` distinct peers of p0 … p(size-1), drawn with `random`. */
function drawPeers (random: () => number, size: number, count: number): string[] {
  const peers = Array.from({ length: size }, (_, i) => `p${i}`)
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (size - i))
    ;[peers[i], peers[j]] = [peers[j] as string, peers[i] as string]
  }
  return peers.slice(0, count).sort()
}

function printed (format: Format, target: string, results: VantageResult[], summary: { answered: number, failed: Array<{ peer: string, reason: string }>, unverified: number }): string {
  let out = ''
  const printer = new TracePrinter((text) => { out += text }, format, target)
  for (const result of byPeer(results)) printer.result(result)
  printer.finish({ target, ...summary, durationMs: 1234 })
  return out
}

/**
 * Runs the trace on the flood's manual clock: link delays only, until the `quick` peers that are not cut off have
 * answered; then time may jump, and the cut-offs fire at their instants. Nothing depends on the machine's load.
 */
async function traceThroughCutOff (clock: ManualClock, net: FloodNet, request: TraceRequest, quick: number): Promise<TraceOutcome> {
  let quickIn!: () => void
  const answered = new Promise<void>((resolve) => { quickIn = resolve })
  const tracing = net.trace(request, { onResult: (_result, count) => { if (count === quick) quickIn() } })
  await clock.runWhile(answered, LINK_DELAY_WITHIN_MS)
  return await clock.settle(tracing)
}

/** The longest link delay the memory network may have: every timer further off is a cut-off or a deadline. */
const LINK_DELAY_WITHIN_MS = 2

describe('overlay: a probe cut off by the deadline', () => {
  for (const seed of [51, 52, 53]) {
    it(`returns the hops measured so far with stop "deadline", counted as answered (random graph, seed ${seed})`, async () => {
      const random = seededRandom(seed)
      const edges = randomConnectedGraph(SIZE, 4, random)
      const cut = drawPeers(random, SIZE, CUT)
      const aborts: unknown[] = []
      const net = new FloodNet({
        size: SIZE,
        edges,
        probers: Object.fromEntries(cut.map((peer) => [peer, partialOnAbortProber(aborts)])),
        init: { cutoffMarginMs: 50 }
      })
      const clock = net.clock as ManualClock
      const request = await net.request({ deadline: clock.now() + DEADLINE_MS })
      const { results, summary } = await traceThroughCutOff(clock, net, request, SIZE - CUT)

      assert.deepEqual(results.map((r) => r.peer).sort(), Array.from({ length: SIZE }, (_, i) => `p${i}`).sort())
      for (const result of results) {
        assert.equal(result.error, undefined, `${result.peer}: ${result.error?.code ?? ''}`)
        assert.deepEqual(result.trace, cut.includes(result.peer) ? partialTrace(request.target) : quickTrace(request.target), result.peer)
      }
      assert.equal(summary.answered, SIZE)
      assert.deepEqual(summary.failed, [])
      // Each cut-off prober was told to stop by the flood's own cut-off timer, not by a failure or a shutdown.
      assert.equal(aborts.length, CUT)
      for (const reason of aborts) assert.equal((reason as OverlayError).code, 'ERR_CUT_OFF')
      net.stop()
    })
  }

  it('each prober is told when its probe stop comes: its depth\'s cut-off less the probe stop margin, from the call', async () => {
    // p0 (entry, depth 0) - p1 - p2 (depth 2); each prober notes the instant it is called and what it is told.
    const told: Record<string, { at: number, stopInMs: number | undefined }> = {}
    const clock = new ManualClock()
    const recorder = (peer: string): LocalProber => async (request, _signal, stopInMs) => {
      told[peer] = { at: clock.now(), stopInMs }
      return { trace: quickTrace(request.target) }
    }
    const net = new FloodNet({
      size: 3, edges: lineGraph(3), init: { cutoffMarginMs: 50 }, delayMs: 1, clock, probers: { p0: recorder('p0'), p1: recorder('p1'), p2: recorder('p2') }
    })
    const request = await net.request({ deadline: clock.now() + DEADLINE_MS })
    await traceThroughCutOff(clock, net, request, 3)
    for (const [depth, peer] of ['p0', 'p1', 'p2'].entries()) {
      const { at, stopInMs } = told[peer] ?? assert.fail(`${peer} was not asked`)
      assert.equal(at + (stopInMs ?? NaN), request.deadline - 50 * (depth + 1) - DEFAULT_PROBE_STOP_MARGIN_MS, peer)
    }
    net.stop()
  })

  describe('what the requester prints for it', () => {
    // p0 (entry) - p1 - p2; p1 is cut off, the others reach the target.
    let outcome: { results: VantageResult[], summary: { answered: number, failed: Array<{ peer: string, reason: string }>, unverified: number } }
    const target = '192.0.2.1'
    before(async () => {
      const net = new FloodNet({ size: 3, edges: lineGraph(3), probers: { p1: partialOnAbortProber() }, init: { cutoffMarginMs: 50 } })
      const clock = net.clock as ManualClock
      const request = await net.request({ target, deadline: clock.now() + DEADLINE_MS })
      outcome = await traceThroughCutOff(clock, net, request, 2)
      net.stop()
    })

    it('lines: the hops, then (cut off); the summary counts it answered and says it was cut off', () => {
      assert.equal(printed('lines', target, outcome.results, outcome.summary), [
        'name-p0 192.0.2.1',
        'name-p1 10.0.0.1 10.0.1.1 * (cut off)',
        'name-p2 192.0.2.1',
        'answered 3/3 (1 cut off), 1.23 s',
        ''
      ].join('\n'))
    })

    it('tree: the partial path hangs from its last hop under (cut off)', () => {
      assert.equal(printed('tree', target, outcome.results, outcome.summary), [
        '192.0.2.1 (target)  0.500 ms  <- name-p0, name-p2',
        '(cut off)',
        '└─ *',
        '   └─ 10.0.1.1  1.500 ms',
        '      └─ 10.0.0.1  0.500 ms  <- name-p1',
        'answered 3/3 (1 cut off), 1.23 s',
        ''
      ].join('\n'))
    })

    it('json: every result says why it stopped (null from a prober that does not say)', () => {
      const hops = '[{"ttl":1,"addr":"10.0.0.1","rtts":[0.5,0.6,0.5]},{"ttl":2,"addr":"10.0.1.1","rtts":[1.5]},{"ttl":3,"addr":null,"rtts":[]}]'
      // The prober of this test says nothing of when, from where or with what it probed.
      const unknown = '"method":"icmp","startedAt":null,"srcAddr":null,"probeSize":null'
      const reached = (peer: string): string =>
        `{"peer":"${peer}","name":"name-${peer}","target":"192.0.2.1","addr":"192.0.2.1",${unknown},"reached":true,"stop":null,"durationMs":1,"hops":[{"ttl":1,"addr":"192.0.2.1","rtts":[0.5]}]}`
      assert.equal(printed('json', target, outcome.results, outcome.summary), [
        reached('p0'),
        `{"peer":"p1","name":"name-p1","target":"192.0.2.1","addr":"192.0.2.1",${unknown},"reached":false,"stop":"deadline","durationMs":1500,"hops":${hops}}`,
        reached('p2'),
        '{"summary":{"target":"192.0.2.1","answered":3,"failed":[],"unverified":0,"durationMs":1234}}',
        ''
      ].join('\n'))
    })
  })
})
