// Issue 14, item 2: the per-target probe budget (600 a minute by default) is spent probe by probe, as the engine
// sends. A request to a path that never ends (every TTL answers from a new address, no loop to notice: 765 probes at
// 255 hops × 3 queries) is trimmed to the budget, not refused and not let past it; traces started together share
// it without overdrawing it; the next minute brings a new budget. The real trace driver over a simulated network,
// behind the node's real prober and admission, on a manual clock.

import assert from 'node:assert/strict'
import { TraceDriver } from '../../src/engine/driver.js'
import type { ProbeBudget } from '../../src/engine/index.js'
import type { ProbeEngine, TraceResult } from '../../src/engine/index.js'
import type { TraceOptions } from '../../src/engine/trace.js'
import { Admission } from '../../src/node/policy/admission.js'
import { TargetPolicy } from '../../src/node/policy/target-policy.js'
import { localProber } from '../../src/node/service/local-prober.js'
import type { MeasuredTrace, PeerError, TraceRequest } from '../../src/overlay/types.js'
import { SimNetwork } from '../engine/sim-network.js'
import { ManualClock } from '../time/manual-clock.js'

const TARGET = '198.18.0.9'
const BUDGET = 600
const MAX_HOPS = 255
const QUERIES = 3
/** More routers than TTLs: the path never reaches the target, and no address is seen twice. */
const ROUTERS = Array.from({ length: MAX_HOPS + 5 }, (_, i) => `10.${i >> 8}.${i & 255}.1`)

const request = (id: string, queries = QUERIES): TraceRequest => ({
  id: id.repeat(32), origin: 'origin', target: TARGET, probe: { method: 'icmp', maxHops: MAX_HOPS, firstHop: 1, queries, waitMs: 1000 },
  initialHopBudget: 0, hopBudget: 0, deadline: 0, timestamp: 0, signature: new Uint8Array(1)
})

/**
 * The engine's trace() over one simulated path per trace (endless by default), on `clock`: the real driver, its
 * budget passed on.
 */
function simulatedEngine (clock: ManualClock, sims: SimNetwork[], routers = ROUTERS): ProbeEngine {
  return {
    trace: async (target: string, options: TraceOptions, signal?: AbortSignal, budget?: ProbeBudget): Promise<TraceResult> => {
      const sim = new SimNetwork({ hops: routers, dest: { addr: target } }, clock)
      sims.push(sim)
      const driver = new TraceDriver(sim, { ...options, budget }, clock)
      sim.attach(driver)
      const outcome = await driver.run(signal)
      sim.close()
      return { target, addr: target, method: options.method, startedAt: clock.now(), reached: outcome.reached, stop: outcome.stop, durationMs: 0, probesSent: outcome.probesSent, hops: outcome.hops }
    }
  } as unknown as ProbeEngine
}

type Outcome = { trace?: MeasuredTrace, error?: PeerError }

describe('per-target probe budget, spent as probes are sent (issue 14, item 2)', () => {
  it('trims an endless path to the budget, shares it between traces at once, and renews it a minute later', async () => {
    const clock = new ManualClock()
    const sims: SimNetwork[] = []
    const admission = new Admission({ clock, probesPerTargetPerMinute: BUDGET })
    const probe = localProber({ engine: simulatedEngine(clock, sims), policy: new TargetPolicy({ allow: ['198.18.0.0/15'] }), admission })
    const run = async (id: string): Promise<Outcome> => await clock.settle(probe(request(id), new AbortController().signal))
    const sentByAll = (): number => sims.reduce((sum, sim) => sum + sim.probes, 0)

    // Alone, the path would take every TTL's three probes: more than the budget.
    const alone = await run('a')
    assert.equal(alone.error, undefined)
    assert.equal(alone.trace?.probesSent, BUDGET, 'trimmed to the budget, not refused')
    assert.equal(sentByAll(), BUDGET)
    assert.ok((alone.trace?.hops.length ?? 0) >= BUDGET / QUERIES - 1, `${alone.trace?.hops.length} hops measured`)

    // The same minute: nothing left.
    const refused = await run('b')
    assert.deepEqual(refused, { error: { code: 'ERR_RATE_LIMITED', message: `rate limited: ${BUDGET} probes a minute to ${TARGET} already sent from here` } })
    assert.equal(sentByAll(), BUDGET)

    // A minute later, two traces at once share one budget.
    clock.advance(60_000)
    const [one, two] = await clock.settle(Promise.all([probe(request('c'), new AbortController().signal), probe(request('d'), new AbortController().signal)]))
    assert.equal(one?.error, undefined)
    assert.equal(two?.error, undefined)
    assert.equal((one?.trace?.probesSent ?? 0) + (two?.trace?.probesSent ?? 0), BUDGET)
    assert.equal(sentByAll(), 2 * BUDGET, 'at most the budget in each minute')
  })

  it('a request at the protocol\'s maxima to a real path spends only what it sends: honest traces the same minute are answered', async () => {
    // Before, each peer reserved maxHops × (queries + 1) = 2,805 probes for it against the 600 a minute, and every
    // honest trace to that target was refused for the rest of the minute.
    const clock = new ManualClock()
    const sims: SimNetwork[] = []
    const admission = new Admission({ clock, probesPerTargetPerMinute: BUDGET })
    const path = ROUTERS.slice(0, 6)
    const probe = localProber({ engine: simulatedEngine(clock, sims, path), policy: new TargetPolicy({ allow: ['198.18.0.0/15'] }), admission })
    const attack = await clock.settle(probe(request('e', 10), new AbortController().signal))
    assert.equal(attack.trace?.reached, true)
    const honest: Outcome[] = []
    for (const id of ['1', '2', '3', '4', '5', '6', '7', '8']) honest.push(await clock.settle(probe(request(id), new AbortController().signal)))
    const answered = honest.filter((o) => o.error === undefined && o.trace?.reached === true).length
    console.log(`      the attack request sent ${attack.trace?.probesSent} probes; honest traces answered the same minute: ${answered}/${honest.length}, ${honest.map((o) => o.trace?.probesSent).join(', ')} probes`)
    assert.equal(answered, honest.length)
    assert.ok(sims.reduce((sum, sim) => sum + sim.probes, 0) <= BUDGET)
  })
})
