// The engine's batch of probes asked for in one turn of the event loop, with the turn's end in the test's hands:
// lowest TTL first, one TTL's probes in the order asked, and batches holding retries of the grid's rounds leaving
// highest TTL first every other time, so that a silent rate-limited router's probes do not take every refill.

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

  it('turns every other batch of grid rounds highest TTL first; batches without one stay lowest first', () => {
    const h = harness()
    const expected: string[] = []
    for (let i = 0; i < 4; i++) {
      ask(h, 'a', [1, 2, 3], true)
      ask(h, 'b', [1, 2], false)
      h.endTurn()
      expected.push(...(i % 2 === 0 ? ['a:1', 'b:1', 'a:2', 'b:2', 'a:3'] : ['a:3', 'a:2', 'b:2', 'a:1', 'b:1']))
      // A batch of first probes between the rounds neither turns nor counts as a round.
      ask(h, 'c', [2, 1], false)
      h.endTurn()
      expected.push('c:1', 'c:2')
    }
    assert.deepEqual(h.sent, expected)
  })
})
