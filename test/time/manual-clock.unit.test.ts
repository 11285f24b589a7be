// The tests' ManualClock (test/time/manual-clock.ts) and src/time/clock.ts's helpers on it: time stands still until
// moved, due timers fire in order at their own instant, cancelled ones never, and sleep/timeoutSignal follow it.

import assert from 'node:assert/strict'
import { sleep, timeoutSignal } from '../../src/time/clock.js'
import { ManualClock } from './manual-clock.js'

describe('ManualClock', () => {
  it('stands still until moved; fires due timers in order, each at its own time, and never a cancelled one', () => {
    const clock = new ManualClock(1000)
    const fired: Array<[string, number]> = []
    clock.setTimer(() => { fired.push(['b', clock.now()]) }, 20)
    clock.setTimer(() => { fired.push(['a', clock.now()]) }, 10)
    clock.setTimer(() => { fired.push(['a2', clock.now()]) }, 10)
    const cancel = clock.setTimer(() => { fired.push(['never', clock.now()]) }, 15)
    cancel()
    assert.equal(clock.now(), 1000)
    assert.equal(clock.monotonic(), 0)
    clock.advance(19)
    assert.deepEqual(fired, [['a', 1010], ['a2', 1010]])
    assert.equal(clock.now(), 1019)
    clock.advance(1)
    assert.deepEqual(fired.at(-1), ['b', 1020])
    assert.equal(clock.pending, 0)
    assert.throws(() => { clock.advanceTo(1000) }, RangeError)
  })

  it('runNext waits for a timer to be set; with a horizon, only for one due within it', async () => {
    const clock = new ManualClock(0)
    clock.setTimer(() => {}, 10_000)
    let fired = false
    const next = clock.runNext(50)
    await new Promise((resolve) => { setImmediate(resolve) })
    assert.equal(clock.now(), 0, 'the far timer is not what it waits for')
    clock.setTimer(() => { fired = true }, 30)
    assert.equal(await next, 30)
    assert.equal(fired, true)
    assert.equal(clock.nextAt(), 10_000)
  })

  it('drives sleep() and timeoutSignal()', async () => {
    const clock = new ManualClock(0)
    const slept = sleep(clock, 100)
    const signal = timeoutSignal(clock, 150)
    clock.advance(100)
    await slept
    assert.equal(signal.aborted, false)
    clock.advance(50)
    assert.equal(signal.aborted, true)
    assert.equal((signal.reason as DOMException).name, 'TimeoutError')
    const stopped = new AbortController()
    const cut = sleep(clock, 100, stopped.signal)
    stopped.abort(new Error('stop'))
    await assert.rejects(cut, /stop/)
    assert.equal(clock.pending, 0, 'an aborted sleep leaves no timer behind')
  })
})
