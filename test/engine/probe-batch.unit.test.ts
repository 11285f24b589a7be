// The engine's batch of probes asked for in one turn of the event loop, with the turn's end in the test's hands:
// lowest TTL first, one TTL's probes in the order asked, and the traces' retries past their last answer before the
// rest, so that other traces' probes at a silent rate-limited router do not take every refill before them.

import assert from 'node:assert/strict'
import { ProbeBatch } from '../../src/engine/probe-batch.js'

/** A batch whose turn ends when the test says; what it sent, as `<trace>:<ttl>`. */
function harness (): { batch: ProbeBatch, endTurn: () => void, sent: string[] } {
  const pending: Array<() => void> = []
  const sent: string[] = []
  const batch = new ProbeBatch(send => { send() }, callback => { pending.push(callback) })
  return { batch, sent, endTurn: () => { for (const callback of pending.splice(0)) callback() } }
}

/** Queues trace `trace`'s probes at `ttls` in that order. */
function ask (h: ReturnType<typeof harness>, trace: string, ttls: number[], round: boolean): void {
  for (const ttl of ttls) h.batch.add(ttl, round, () => { h.sent.push(`${trace}:${ttl}`) })
}

describe('ProbeBatch', () => {
  it('sends nothing before the turn ends, then every probe once, lowest TTL first, one TTL in the order asked', () => {
    const h = harness()
    ask(h, 'a', [3, 1, 2], false)
    ask(h, 'b', [2, 1], false)
    assert.deepEqual(h.sent, [])
    h.endTurn()
    assert.deepEqual(h.sent, ['a:1', 'b:1', 'a:2', 'b:2', 'a:3'])
    h.endTurn()
    assert.equal(h.sent.length, 5)
  })

  it('sends the end zones\' retries first, lowest TTL first, then the other probes lowest TTL first', () => {
    const h = harness()
    ask(h, 'a', [2, 1], false)
    ask(h, 'b', [4, 3], true)
    ask(h, 'c', [1, 3], true)
    ask(h, 'd', [3], false)
    h.endTurn()
    assert.deepEqual(h.sent, ['c:1', 'b:3', 'c:3', 'b:4', 'a:1', 'a:2', 'd:3'])
  })
})
