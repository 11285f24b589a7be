// The engine-wide probe pacer (the node's "probes per second overall"), on a manual clock: a burst goes at once,
// the rest wait in FIFO order for tokens at exactly the configured rate, and none is dropped.

import assert from 'node:assert/strict'
import { ProbePacer } from '../../src/engine/pacer.js'
import { ManualClock } from '../time/manual-clock.js'

describe('ProbePacer', () => {
  it('sends the burst at once, queues the rest in order, and sends every one at the rate', async () => {
    const clock = new ManualClock()
    const pacer = new ProbePacer({ ratePerSecond: 1000, burst: 5 }, clock)
    const sent: Array<[number, number]> = []
    let done!: () => void
    const all = new Promise<void>((resolve) => { done = resolve })
    for (let i = 0; i < 20; i++) {
      pacer.run(() => {
        sent.push([i, clock.monotonic()])
        if (sent.length === 20) done()
      })
    }
    // Synchronously, exactly the burst went out; the others wait for tokens.
    assert.deepEqual(sent, [0, 1, 2, 3, 4].map(i => [i, 0]))
    assert.equal(pacer.waiting, 15)
    await clock.settle(all)
    assert.deepEqual(sent.map(([i]) => i), Array.from({ length: 20 }, (_, i) => i))
    // 1000 a second: one more each millisecond after the burst.
    assert.deepEqual(sent.slice(5).map(([, at]) => at), Array.from({ length: 15 }, (_, i) => i + 1))
    assert.equal(pacer.waiting, 0)
    assert.equal(clock.pending, 0)
  })

  it('never lets a later probe overtake a queued one, even when a token is free', async () => {
    const clock = new ManualClock()
    const pacer = new ProbePacer({ ratePerSecond: 1000, burst: 1 }, clock)
    const order: string[] = []
    let done!: () => void
    const finished = new Promise<void>((resolve) => { done = resolve })
    pacer.run(() => order.push('a'))
    pacer.run(() => order.push('b'))
    pacer.run(() => { order.push('c'); done() })
    await clock.settle(finished)
    assert.deepEqual(order, ['a', 'b', 'c'])
  })
})
