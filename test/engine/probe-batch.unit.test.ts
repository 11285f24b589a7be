// The engine's batch of probes asked for in one turn of the event loop, with the turn's end in the test's hands:
// lowest TTL first, the traces taking turns to lead one rank's probes at one TTL; the traces' retries past their last answer before the rest,
// and among them those at a TTL where another trace to the target had an answer first.

import assert from 'node:assert/strict'
import { ProbeBatch, type ProbeRank } from '../../src/engine/probe-batch.js'

/** A batch whose turn ends when the test says; what it sent, as `<trace>:<ttl>`. */
function harness (): { batch: ProbeBatch, endTurn: () => void, sent: string[] } {
  const pending: Array<() => void> = []
  const sent: string[] = []
  const batch = new ProbeBatch(send => { send() }, callback => { pending.push(callback) })
  return { batch, sent, endTurn: () => { for (const callback of pending.splice(0)) callback() } }
}

/** Queues trace `trace`'s probes at `ttls` in that order (traces numbered by their letter: a 1, b 2, …). */
function ask (h: ReturnType<typeof harness>, trace: string, ttls: number[], rank: ProbeRank): void {
  const id = trace.charCodeAt(0) - 'a'.charCodeAt(0) + 1
  for (const ttl of ttls) h.batch.add(id, ttl, rank, () => { h.sent.push(`${trace}:${ttl}`) })
}

describe('ProbeBatch', () => {
  it('sends nothing before the turn ends, then every probe once, lowest TTL first, the first started first', () => {
    const h = harness()
    ask(h, 'a', [3, 1, 2], 'other')
    ask(h, 'b', [2, 1], 'other')
    assert.deepEqual(h.sent, [])
    h.endTurn()
    assert.deepEqual(h.sent, ['a:1', 'b:1', 'a:2', 'b:2', 'a:3'])
    h.endTurn()
    assert.equal(h.sent.length, 5)
  })

  it('lets the traces take turns to lead one rank\'s probes at one TTL, however they were asked', () => {
    // Fixed seed 1666007350 e4: paced retries are asked in the same order every round (their timers are set so); in
    // that order, the trace whose target the rate-limited first hop refuses with two tokens an error came after
    // another trace's retry there in every round, and never had its refusal.
    const h = harness()
    const round = (): void => {
      ask(h, 'c', [1, 2], 'answered-elsewhere')
      ask(h, 'b', [1], 'answered-elsewhere')
      ask(h, 'a', [2], 'answered-elsewhere')
      ask(h, 'd', [1], 'end-zone')
      h.endTurn()
    }
    round()
    assert.deepEqual(h.sent.splice(0), ['b:1', 'c:1', 'a:2', 'c:2', 'd:1'])
    round()
    assert.deepEqual(h.sent.splice(0), ['c:1', 'b:1', 'c:2', 'a:2', 'd:1'])
    round()
    assert.deepEqual(h.sent.splice(0), ['b:1', 'c:1', 'a:2', 'c:2', 'd:1'])
  })

  it('counts a turn only where another trace was in the group: a trace alone at its TTL keeps its place', () => {
    const h = harness()
    ask(h, 'b', [3], 'other')
    ask(h, 'a', [1, 1], 'other')
    h.endTurn()
    assert.deepEqual(h.sent.splice(0), ['a:1', 'a:1', 'b:3'])
    ask(h, 'b', [1], 'other')
    ask(h, 'a', [1], 'other')
    h.endTurn()
    assert.deepEqual(h.sent.splice(0), ['a:1', 'b:1'])
  })

  it('sends retries answered elsewhere first, then the end zones\' retries, then the rest, each lowest TTL first', () => {
    const h = harness()
    ask(h, 'a', [2, 1], 'other')
    ask(h, 'b', [4, 3], 'end-zone')
    ask(h, 'c', [1, 3], 'end-zone')
    ask(h, 'd', [3], 'other')
    ask(h, 'e', [5, 2], 'answered-elsewhere')
    h.endTurn()
    assert.deepEqual(h.sent, ['e:2', 'e:5', 'c:1', 'b:3', 'c:3', 'b:4', 'a:1', 'a:2', 'd:3'])
  })

  it('keeps each trace\'s own probes lowest TTL first: each leaves with the best rank among it and the trace\'s probes above it', () => {
    const h = harness()
    ask(h, 'a', [1], 'other')
    ask(h, 'b', [1], 'end-zone')
    ask(h, 'b', [2, 3], 'answered-elsewhere')
    ask(h, 'c', [2], 'answered-elsewhere')
    h.endTurn()
    assert.deepEqual(h.sent, ['b:1', 'b:2', 'c:2', 'b:3', 'a:1'])
  })

  it('lets a trace\'s probes above its best-ranked one keep their own rank', () => {
    const h = harness()
    ask(h, 'a', [8, 9, 10], 'end-zone')
    ask(h, 'a', [6, 7], 'answered-elsewhere')
    ask(h, 'b', [5, 6, 7], 'end-zone')
    ask(h, 'c', [4], 'other')
    ask(h, 'c', [5], 'end-zone')
    h.endTurn()
    assert.deepEqual(h.sent, ['a:6', 'a:7', 'c:4', 'b:5', 'c:5', 'b:6', 'b:7', 'a:8', 'a:9', 'a:10'])
  })

  it('sends an end zone\'s extra round after every regular probe, before the probes at a silent hop', () => {
    // Seed 1666007350 e5: a loop trace's extra round (TTL 5 and 7, answered elsewhere at 5) and another trace's one
    // paced retry at TTL 2, where the rate-limited first hop refuses its target: the retry takes the first token.
    const h = harness()
    ask(h, 'a', [5, 7], 'extra-round')
    ask(h, 'b', [2], 'other')
    ask(h, 'c', [1], 'silent-hop')
    ask(h, 'd', [3], 'end-zone')
    ask(h, 'e', [4], 'extra-round')
    ask(h, 'e', [2], 'answered-elsewhere')
    h.endTurn()
    assert.deepEqual(h.sent, ['e:2', 'd:3', 'b:2', 'e:4', 'a:5', 'a:7', 'c:1'])
  })

  it('sends probes at a silent hop past the first last too, before the traces\' higher TTLs', () => {
    const h = harness()
    ask(h, 'a', [6], 'silent-hop')
    ask(h, 'a', [7, 8], 'end-zone')
    ask(h, 'b', [6], 'silent-hop')
    ask(h, 'b', [7, 8], 'end-zone')
    ask(h, 'c', [5], 'other')
    ask(h, 'c', [6], 'silent-hop')
    h.endTurn()
    assert.deepEqual(h.sent, ['a:7', 'b:7', 'a:8', 'b:8', 'c:5', 'a:6', 'b:6', 'c:6'])
  })

  it('sends probes at a silent first hop last, trace by trace, the one that led them least lately first', () => {
    const h = harness()
    const round = (): void => {
      ask(h, 'a', [1], 'silent-hop')
      ask(h, 'a', [2, 3], 'end-zone')
      ask(h, 'b', [1], 'silent-hop')
      ask(h, 'b', [2], 'end-zone')
      ask(h, 'c', [1], 'silent-hop')
      h.endTurn()
    }
    round()
    assert.deepEqual(h.sent.splice(0), ['a:2', 'b:2', 'a:3', 'a:1', 'b:1', 'c:1'])
    round()
    assert.deepEqual(h.sent.splice(0), ['b:2', 'a:2', 'a:3', 'b:1', 'c:1', 'a:1'])
    round()
    assert.deepEqual(h.sent.splice(0), ['a:2', 'b:2', 'a:3', 'c:1', 'a:1', 'b:1'])
    round()
    assert.deepEqual(h.sent.splice(0), ['b:2', 'a:2', 'a:3', 'a:1', 'b:1', 'c:1'])
  })
})
