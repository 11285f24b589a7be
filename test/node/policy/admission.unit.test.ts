// The node's rate-limit tables (src/node/policy/admission.ts): floods per origin and per neighbour per minute,
// probes per target per minute, over a sliding minute, with an explicit clock.

import assert from 'node:assert/strict'
import { Admission } from '../../../src/node/policy/admission.js'

const T0 = 1_000_000

describe('Admission', () => {
  it('admits an origin\'s floods up to its budget per minute, then says "rate limited", and forgets after a minute', () => {
    const admission = new Admission({ tracesPerOriginPerMinute: 3 })
    for (let i = 0; i < 3; i++) assert.equal(admission.admitFlood('origin-a', `via-${i}`, undefined, T0 + i), undefined)
    assert.match(admission.admitFlood('origin-a', 'via-9', undefined, T0 + 10) ?? '', /^rate limited: more than 3 traces a minute from this origin$/)
    // Another origin is not affected.
    assert.equal(admission.admitFlood('origin-b', 'via-0', undefined, T0 + 10), undefined)
    // A refused flood is not counted: a minute after the first three, the origin has its budget back.
    assert.equal(admission.admitFlood('origin-a', 'via-0', undefined, T0 + 60_001), undefined)
  })

  it('limits floods through one neighbour whatever origins they claim (fresh keys per request)', () => {
    const admission = new Admission({ tracesPerOriginPerMinute: 100, tracesPerNeighbourPerMinute: 2 })
    assert.equal(admission.admitFlood('k1', 'neighbour', undefined, T0), undefined)
    assert.equal(admission.admitFlood('k2', 'neighbour', undefined, T0), undefined)
    assert.match(admission.admitFlood('k3', 'neighbour', undefined, T0) ?? '', /^rate limited: more than 2 traces a minute through neighbour$/)
    assert.equal(admission.admitFlood('k3', 'other-neighbour', undefined, T0), undefined)
  })

  it('caps probes to one target per minute across all requests, and settles reservations', () => {
    const admission = new Admission({ probesPerTargetPerMinute: 100 })
    assert.equal(admission.targetRefusal('198.51.100.1', T0), undefined)
    admission.countProbes('198.51.100.1', 120, T0) // a reservation
    assert.match(admission.targetRefusal('198.51.100.1', T0 + 1) ?? '', /^rate limited: 100 probes a minute to 198\.51\.100\.1/)
    admission.countProbes('198.51.100.1', -95, T0 + 2) // the trace sent 25 of the 120 reserved
    assert.equal(admission.targetRefusal('198.51.100.1', T0 + 3), undefined)
    assert.equal(admission.targetRefusal('198.51.100.2', T0 + 3), undefined)
    // Past the minute everything counted has expired.
    admission.countProbes('198.51.100.1', 500, T0 + 4)
    assert.equal(admission.targetRefusal('198.51.100.1', T0 + 60_005), undefined)
  })

  it('keeps a bounded number of keys', () => {
    const admission = new Admission({ tracesPerOriginPerMinute: 1, maxTrackedKeys: 10 })
    for (let i = 0; i < 1000; i++) admission.admitFlood(`origin-${i}`, `n-${i}`, undefined, T0)
    // The earliest origins were evicted (bounded memory), so they are admitted again; the latest are not.
    assert.equal(admission.admitFlood('origin-0', 'n-x', undefined, T0 + 1), undefined)
    assert.notEqual(admission.admitFlood('origin-999', 'n-y', undefined, T0 + 1), undefined)
  })

  it('the clients of one source address get a quarter of the per-neighbour rate, however many keys and connections they use', () => {
    const admission = new Admission({ tracesPerNeighbourPerMinute: 8 })
    assert.equal(admission.tracesPerClientAddressPerMinute, 2)
    assert.equal(admission.admitFlood('key-1', 'client-1', '198.51.100.7', T0), undefined)
    assert.equal(admission.admitFlood('key-2', 'client-2', '198.51.100.7', T0 + 1), undefined)
    assert.match(admission.admitFlood('key-3', 'client-3', '198.51.100.7', T0 + 2) ?? '',
      /^rate limited: more than 2 traces a minute from requesters at 198\.51\.100\.7$/)
    // Another address, and neighbours (no client address), are not held back by it; a minute later it may again.
    assert.equal(admission.admitFlood('key-4', 'client-4', '198.51.100.8', T0 + 3), undefined)
    assert.equal(admission.admitFlood('key-5', 'neighbour', undefined, T0 + 4), undefined)
    assert.equal(admission.admitFlood('key-6', 'client-6', '198.51.100.7', T0 + 60_001), undefined)
  })
})
