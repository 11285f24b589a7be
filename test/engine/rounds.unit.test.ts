// `--rounds N` (RoundsRunner) against a simulated network on a manual clock: one probe per hop per round, in
// rounds one interval apart after the start gap, keys after the driver's, loss exactly where the sim lost probes,
// the probe budget and the key bound honoured, an abort keeping only the probes whose fate is known; exact times.

import assert from 'node:assert/strict'
import { DEFAULT_WAIT_MS, ROUND_INTERVAL_MS, ROUNDS_START_GAP_MS } from '../../src/engine/constants.js'
import { TraceDriver } from '../../src/engine/driver.js'
import { RoundsRunner, type RoundsConfig, type RoundsOutcome } from '../../src/engine/rounds.js'
import { roundsBoundMs } from '../../src/engine/trace-bound.js'
import { SimNetwork, type SimNetworkSpec } from './sim-network.js'
import { ManualClock } from '../time/manual-clock.js'

const R = ['10.0.0.1', '10.0.0.2', '10.0.0.3']
const TARGET = '192.0.2.9'
/** Three routers and the target at TTL 4; every probe at TTL t is answered after t ms of virtual time. */
const PATH: SimNetworkSpec = { hops: R, dest: { addr: TARGET } }
const TTLS = [1, 2, 3, 4]
const ROUNDS = 8

interface Run { sim: SimNetwork, outcome: RoundsOutcome, elapsedMs: number, clock: ManualClock }

async function rounds (spec: SimNetworkSpec, config: Partial<RoundsConfig> = {}, signal?: AbortSignal,
  clock = new ManualClock()): Promise<Run> {
  const sim = new SimNetwork(spec, clock)
  const runner = new RoundsRunner(sim, {
    rounds: ROUNDS, ttls: TTLS, waitMs: DEFAULT_WAIT_MS, firstKey: 0, keyLimit: 1024, ...config
  }, clock)
  sim.attach(runner)
  const started = clock.monotonic()
  let outcome: RoundsOutcome
  try {
    outcome = await clock.settle(runner.run(signal))
  } finally {
    // Answers still in flight (after an abort) are the sim's, not the runner's.
    sim.close()
  }
  assert.equal(clock.pending, 0, 'a timer outlived the rounds')
  return { sim, outcome, elapsedMs: clock.monotonic() - started, clock }
}

/** The round numbers of a TTL's probes, and which of them were lost. */
function roundsOf (outcome: RoundsOutcome, ttl: number): { rounds: number[], lost: number[] } {
  const probes = outcome.probes.get(ttl) ?? []
  return { rounds: probes.map(p => p.round as number), lost: probes.filter(p => p.addr === null).map(p => p.round as number) }
}

function range (from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

describe('RoundsRunner (--rounds) over a simulated network', () => {
  it('every hop gets one probe per round, in order, answered with its true address and RTT', async () => {
    const { sim, outcome, elapsedMs } = await rounds(PATH)
    for (const ttl of TTLS) {
      const probes = outcome.probes.get(ttl) ?? []
      assert.deepEqual(probes.map(p => p.round), range(1, ROUNDS), `TTL ${ttl}`)
      const addr = ttl === 4 ? TARGET : R[ttl - 1]
      for (const probe of probes) assert.deepEqual(probe, { addr, rtt: ttl, replyTtl: 64 - (ttl - 1), size: 56, round: probe.round })
    }
    assert.equal(outcome.probesSent, ROUNDS * TTLS.length)
    assert.equal(sim.probes, ROUNDS * TTLS.length)
    // Round r leaves at gap + (r - 1) intervals, lowest TTL first; the rounds end with the last round's last answer.
    assert.deepEqual(sim.log.slice(0, 4).map(p => [p.ttl, p.sentAt]), TTLS.map(ttl => [ttl, ROUNDS_START_GAP_MS]))
    assert.deepEqual(sim.log.filter(p => p.ttl === 1).map(p => p.sentAt),
      range(1, ROUNDS).map(r => ROUNDS_START_GAP_MS + (r - 1) * ROUND_INTERVAL_MS))
    assert.equal(elapsedMs, ROUNDS_START_GAP_MS + (ROUNDS - 1) * ROUND_INTERVAL_MS + 4)
  })

  it('a router losing every 4th probe shows exactly 25 % loss at its hop, in the rounds it lost, and 0 % elsewhere', async () => {
    const { outcome } = await rounds({ ...PATH, lose: (ttl, nth) => ttl === 2 && nth % 4 === 1 })
    assert.deepEqual(roundsOf(outcome, 2), { rounds: range(1, ROUNDS), lost: [1, 5] })
    for (const ttl of [1, 3, 4]) assert.deepEqual(roundsOf(outcome, ttl), { rounds: range(1, ROUNDS), lost: [] })
  })

  it('a probe lost in the last round is awaited for the wait cap, exactly, then counted lost', async () => {
    const waitMs = 700
    const { outcome, elapsedMs } = await rounds({ ...PATH, lose: (ttl, nth) => ttl === 3 && nth === ROUNDS }, { waitMs })
    assert.deepEqual(roundsOf(outcome, 3), { rounds: range(1, ROUNDS), lost: [ROUNDS] })
    assert.equal(elapsedMs, roundsBoundMs({ rounds: ROUNDS, waitMs }))
  })

  it('an answer later than the wait cap counts as lost', async () => {
    const waitMs = 50
    const { outcome } = await rounds({ ...PATH, rttMs: (ttl, nth) => ttl === 1 && nth === 2 ? waitMs + 1 : undefined }, { waitMs })
    assert.deepEqual(roundsOf(outcome, 1), { rounds: range(1, ROUNDS), lost: [2] })
  })

  it('the probe budget ends the rounds where it runs out: the probes sent are reported, no more', async () => {
    let left = 10
    const budget = { available: () => left > 0, spend: () => { left-- } }
    const { sim, outcome } = await rounds(PATH, { budget })
    assert.equal(sim.probes, 10)
    assert.equal(outcome.probesSent, 10)
    assert.deepEqual(TTLS.map(ttl => roundsOf(outcome, ttl).rounds), [[1, 2, 3], [1, 2, 3], [1, 2], [1, 2]])
  })

  it('keys follow the driver\'s on the same flow and stop at the key bound', async () => {
    const { sim, outcome } = await rounds(PATH, { firstKey: 1000, keyLimit: 1010 })
    assert.deepEqual(sim.keys, range(1000, 1009))
    assert.equal(outcome.probesSent, 10)
  })

  it('after the driver on one flow: the path, then the rounds with fresh keys, each hop listing exactly its rounds', async () => {
    const clock = new ManualClock()
    const sim = new SimNetwork(PATH, clock)
    try {
      const driver = new TraceDriver(sim, { firstHop: 1, maxHops: 30, queries: 3, waitMs: DEFAULT_WAIT_MS }, clock)
      sim.attach(driver)
      const path = await clock.settle(driver.run())
      assert.deepEqual(path.hops.map(h => h.addr), [...R, TARGET])
      const discovery = sim.probes
      assert.equal(driver.keysUsed, discovery)
      const runner = new RoundsRunner(sim, {
        rounds: ROUNDS, ttls: path.hops.map(h => h.ttl), waitMs: DEFAULT_WAIT_MS, firstKey: driver.keysUsed, keyLimit: 1024
      }, clock)
      sim.attach(runner)
      const outcome = await clock.settle(runner.run())
      assert.equal(new Set(sim.keys).size, sim.keys.length, 'a key was reused')
      assert.equal(outcome.probesSent, sim.probes - discovery)
      for (const ttl of TTLS) assert.deepEqual(roundsOf(outcome, ttl), { rounds: range(1, ROUNDS), lost: [] })
    } finally {
      sim.close()
    }
  })

  it('an abort keeps the rounds measured: answered and lost probes, never one still awaited', async () => {
    const clock = new ManualClock()
    const abort = new AbortController()
    // Mid-way through round 3: its probes are out, TTLs 1 and 2 answered (1 and 2 ms), 3 and 4 still awaited.
    const abortAt = ROUNDS_START_GAP_MS + 2 * ROUND_INTERVAL_MS + 2.5
    clock.setTimer(() => { abort.abort() }, abortAt)
    const { outcome, elapsedMs } = await rounds({ ...PATH, lose: (ttl, nth) => ttl === 4 && nth === 1 }, { waitMs: 500 },
      abort.signal, clock)
    assert.equal(elapsedMs, abortAt)
    assert.deepEqual(TTLS.map(ttl => roundsOf(outcome, ttl)), [
      { rounds: [1, 2, 3], lost: [] }, { rounds: [1, 2, 3], lost: [] }, { rounds: [1, 2], lost: [] }, { rounds: [1, 2], lost: [1] }
    ])
  })

  it('a send that fails ends the rounds with what was measured', async () => {
    const { outcome } = await rounds({ ...PATH, failSendAtTtl: 3 })
    assert.deepEqual(TTLS.map(ttl => roundsOf(outcome, ttl).rounds), [[1], [1], [], []])
  })
})
