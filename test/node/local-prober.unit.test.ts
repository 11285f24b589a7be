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
