// The directory a node keeps and the requester's choice from it: only newer descriptions replace held ones, old
// ones expire, the bound evicts the least recently seen; the choice takes live matching peers only, draws exactly
// K, and says when nothing matches.

import assert from 'node:assert/strict'
import type { VantageDescription } from '../../../src/model/vantage-description.js'
import { chooseVantages } from '../../../src/node/client/choose-vantages.js'
import { DEFAULT_DESCRIPTION_TTL_MS, DEFAULT_LIVE_WINDOW_MS } from '../../../src/node/directory/constants.js'
import { Directory } from '../../../src/node/directory/directory.js'
import { NoMatchError } from '../../../src/node/errors.js'
import { drawVantages } from '../../../src/overlay/selection/sample.js'
import { ManualClock } from '../../time/manual-clock.js'

function described (peer: string, timestamp: number, tags: string[] = []): VantageDescription {
  return { peer, name: `name-${peer}`, tags, families: ['ipv4'], version: '0.1.0', timestamp, signature: new Uint8Array([1]) }
}

describe('directory', () => {
  it('keeps the newest description of each peer, never its own, and says which are news', () => {
    const clock = new ManualClock()
    const t = clock.now()
    const directory = new Directory({ clock, self: 'me' })
    directory.add([described('a', t - 10), described('me', t), described('b', t - 5)])
    assert.deepEqual(directory.list().map((d) => d.peer), ['b', 'a'])
    assert.deepEqual(directory.news([described('a', t - 10), described('a', t - 20), described('b', t - 1)]).map((d) => [d.peer, d.timestamp]), [['b', t - 1]])
    directory.add([described('a', t - 2, ['red'])])
    assert.deepEqual(directory.list().map((d) => [d.peer, d.tags]), [['a', ['red']], ['b', []]])
  })

  it('drops descriptions from the future or past their age, and expires held ones', () => {
    const clock = new ManualClock()
    const t = clock.now()
    const directory = new Directory({ clock, self: 'me' })
    directory.add([described('future', t + 61_000), described('old', t - DEFAULT_DESCRIPTION_TTL_MS - 1), described('a', t)])
    assert.deepEqual(directory.list().map((d) => d.peer), ['a'])
    clock.advance(DEFAULT_DESCRIPTION_TTL_MS + 1)
    assert.deepEqual(directory.list(), [])
  })

  it('holds at most maxPeers, the least recently seen going first', () => {
    const clock = new ManualClock()
    const t = clock.now()
    const directory = new Directory({ clock, self: 'me', maxPeers: 3 })
    directory.add([1, 5, 3, 4, 2].map((i) => described(`p${i}`, t - 100 + i)))
    assert.deepEqual(directory.list().map((d) => d.peer), ['p5', 'p4', 'p3'])
  })
})

describe('choosing vantage points', () => {
  const now = 1_700_000_000_000
  const directory = [
    described('r1', now - 1000, ['red']), described('r2', now, ['red']), described('r3', now, ['red']),
    described('r4', now, ['red']), described('stale', now - DEFAULT_LIVE_WINDOW_MS - 1, ['red']), described('b1', now, ['blue'])
  ]
  const id = '5a'.repeat(16)

  it('asks every live matching peer when there is no limit', () => {
    const choice = chooseVantages(directory, { terms: ['red'], requestId: id, now })
    assert.deepEqual(choice, { selection: { terms: ['red'] }, matching: 4 })
  })

  it('draws exactly K among the live matching, or all of them when fewer match', () => {
    const two = chooseVantages(directory, { terms: ['red'], limit: 2, requestId: id, now })
    assert.deepEqual(two.selection.chosen, drawVantages(id, ['r1', 'r2', 'r3', 'r4'], 2))
    assert.equal(two.selection.chosen?.length, 2)
    assert.equal(two.matching, 4)
    const all = chooseVantages(directory, { terms: ['red', 'blue'], limit: 9, requestId: id, now })
    assert.deepEqual([...(all.selection.chosen ?? [])].sort(), ['b1', 'r1', 'r2', 'r3', 'r4'])
    const any = chooseVantages(directory, { terms: [], limit: 1, requestId: id, now })
    assert.equal(any.matching, 5)
  })

  it('says when no live vantage point matches', () => {
    assert.throws(() => chooseVantages(directory, { terms: ['green'], requestId: id, now }),
      (err: unknown) => err instanceof NoMatchError && err.code === 'ERR_NO_MATCH' && err.message === 'no vantage point matches green')
    assert.throws(() => chooseVantages(directory, { terms: ['stale'], limit: 1, requestId: id, now }), NoMatchError)
  })
})
