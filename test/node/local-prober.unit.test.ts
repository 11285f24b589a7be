// The node's prober at a cut-off: the engine resolves with the hops measured so far when the flood aborts it, and
// the prober passes them on as a partial path (`stop: 'deadline'`), never as an error.

import assert from 'node:assert/strict'
import type { ProbeEngine, TraceResult } from '../../src/engine/index.js'
import { localProber } from '../../src/node/service/local-prober.js'
import { TargetPolicy } from '../../src/node/policy/target-policy.js'
import type { TraceRequest } from '../../src/overlay/types.js'

const TARGET = '198.18.0.9'
const request = {
  id: 'd'.repeat(32), origin: 'origin', target: TARGET, probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000 },
  initialHopBudget: 1, hopBudget: 1, deadline: 0, timestamp: 0, signature: new Uint8Array(1)
} satisfies TraceRequest

const soFar: TraceResult = {
  target: TARGET, addr: TARGET, method: 'icmp', startedAt: 0, reached: false, stop: 'deadline', durationMs: 700, probesSent: 6,
  hops: [{ ttl: 1, addr: '198.18.0.1', rtts: [0.2, 0.1, 0.1] }, { ttl: 2, addr: null, rtts: [] }]
}

/** An engine that is still probing until its signal aborts, then resolves with `result` (what the engine does). */
function engineStoppedBy (result: TraceResult): { engine: ProbeEngine, probing: Promise<void> } {
  let started!: () => void
  const probing = new Promise<void>((resolve) => { started = resolve })
  const engine = {
    trace: async (_target: string, _options: unknown, signal?: AbortSignal) => await new Promise<TraceResult>((resolve) => {
      signal?.addEventListener('abort', () => { resolve(result) }, { once: true })
      started()
    })
  } as unknown as ProbeEngine
  return { engine, probing }
}

describe('local prober at a cut-off', () => {
  const policy = new TargetPolicy({ allow: ['198.18.0.0/15'] })

  for (const [what, result] of [['says deadline', soFar], ['says nothing', { ...soFar, stop: undefined } as unknown as TraceResult]] as const) {
    it(`passes on the hops measured so far, stop "deadline", when the engine ${what}`, async () => {
      const { engine, probing } = engineStoppedBy(result)
      const abort = new AbortController()
      const outcome = localProber({ engine, policy })(request, abort.signal)
      await probing
      abort.abort(new Error('probe stop'))
      assert.deepEqual(await outcome, { trace: { ...soFar, stop: 'deadline' } })
    })
  }
})

describe('local prober and its probe stop', () => {
  const policy = new TargetPolicy({ allow: ['198.18.0.0/15'] })

  /** An engine that answers at once and notes the options it was given. */
  function recordingEngine (): { engine: ProbeEngine, options: unknown[] } {
    const options: unknown[] = []
    const engine = {
      trace: async (_target: string, opts: unknown) => { options.push(opts); return { ...soFar, stop: 'gap' } }
    } as unknown as ProbeEngine
    return { engine, options }
  }

  it('passes the time to the probe stop to the engine as its deadline (at least 1 ms)', async () => {
    for (const [stopInMs, deadlineMs] of [[9300, 9300], [0, 1], [-5, 1]]) {
      const { engine, options } = recordingEngine()
      await localProber({ engine, policy })(request, new AbortController().signal, stopInMs)
      assert.deepEqual(options, [{ ...request.probe, deadlineMs }])
    }
  })

  it('without a probe stop, the engine gets no deadline', async () => {
    const { engine, options } = recordingEngine()
    await localProber({ engine, policy })(request, new AbortController().signal)
    assert.deepEqual(options, [request.probe])
  })
})

describe('local prober and the target policy (issue 14, item 8)', () => {
  // Each of these reached the engine's send call before: IPv4-compatible forms of refused IPv4 addresses, IPv6
  // outside 2000::/3. The engine here records every target it is asked to trace.
  const REFUSED: Array<[string, string]> = [
    ['::7f00:1', '::7f00:1: ipv4Compatible range'],
    ['::a00:1', '::a00:1: ipv4Compatible range'],
    ['::c0a8:101', '::c0a8:101: ipv4Compatible range'],
    ['::127.0.0.1', '::7f00:1: ipv4Compatible range'],
    ['4000::1', '4000::1: non-global (outside 2000::/3) range'],
    ['e000::1', 'e000::1: non-global (outside 2000::/3) range'],
    ['64:ff9b::7f00:1', '64:ff9b::7f00:1: NAT64 form of 127.0.0.1, a refused address'],
    ['2002:a00:1::1', '2002:a00:1::1: 6to4 form of 10.0.0.1, a refused address']
  ]
  for (const [target, refusal] of REFUSED) {
    it(`${target} is refused and never traced`, async () => {
      const traced: string[] = []
      const engine = { trace: async (addr: string) => { traced.push(addr); throw new Error('traced') } } as unknown as ProbeEngine
      // The lab ranges open, as the tests run peers: they open nothing here.
      const labPolicy = new TargetPolicy({ allow: ['198.18.0.0/15', '2001:db8::/32'] })
      const outcome = await localProber({ engine, policy: labPolicy })({ ...request, target }, new AbortController().signal)
      assert.deepEqual(outcome, { error: { code: 'ERR_TARGET_POLICY', message: `target policy refused ${refusal}` } })
      assert.deepEqual(traced, [])
    })
  }
})
