// The engine-wide probe pacer (the node's "probes per second overall"): a burst goes at once, the rest wait in
// FIFO order for tokens, and none is dropped.

import assert from 'node:assert/strict'
import { ProbePacer } from '../../src/engine/pacer.js'

describe('ProbePacer', () => {
  it('sends the burst at once, queues the rest in order, and sends every one', async () => {
    const pacer = new ProbePacer({ ratePerSecond: 1000, burst: 5 })
    const sent: number[] = []
    let done!: () => void
    const all = new Promise<void>((resolve) => { done = resolve })
    for (let i = 0; i < 20; i++) {
      pacer.run(() => {
        sent.push(i)
        if (sent.length === 20) done()
      })
    }
    // Synchronously, exactly the burst went out; the others wait for tokens.
    assert.deepEqual(sent, [0, 1, 2, 3, 4])
    assert.equal(pacer.waiting, 15)
    await all
    assert.deepEqual(sent, Array.from({ length: 20 }, (_, i) => i))
    assert.equal(pacer.waiting, 0)
  })

  it('never lets a later probe overtake a queued one, even when a token is free', async () => {
    const pacer = new ProbePacer({ ratePerSecond: 1000, burst: 1 })
    const order: string[] = []
    let done!: () => void
    const finished = new Promise<void>((resolve) => { done = resolve })
    pacer.run(() => order.push('a'))
    pacer.run(() => order.push('b'))
    pacer.run(() => { order.push('c'); done() })
    await finished
    assert.deepEqual(order, ['a', 'b', 'c'])
  })
})
