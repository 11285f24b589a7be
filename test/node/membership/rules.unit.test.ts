// Membership's decision logic on a virtual clock with a made-up view: dial back-off, the degree window (how many to
// dial, which neighbours to prune, when to sample), whom a round dials, the known-peer table and liveness strikes.

import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { Backoff } from '../../../src/node/membership/backoff.js'
import {
  DIAL_BACKOFF_BASE_MS, DIAL_BACKOFF_MAX_MS, LOST_BACKOFF_MS, SPLIT_FAILURES, SPLIT_WINDOW_MS
} from '../../../src/node/membership/constants.js'
import { DegreeWindow, type NeighbourState, type Plan } from '../../../src/node/membership/degree-window.js'
import { chooseDials } from '../../../src/node/membership/dial-choice.js'
import { KnownPeers } from '../../../src/node/membership/known-peers.js'
import { Liveness } from '../../../src/node/membership/liveness.js'
import { ManualClock } from '../../time/manual-clock.js'
import { seededRandom, testSeed } from '../../random/seeded-random.js'

const SEED = testSeed(0x5eed10)
const addr = (i: number): string => `/ip4/10.0.0.${i}/tcp/4001`

describe(`membership rules (seed ${SEED})`, function () {
  describe('dial back-off', function () {
    it('doubles per failed dial from the base up to the cap, each wait within [0.75, 1.25] of its step', function () {
      const clock = new ManualClock()
      const backoff = new Backoff({ clock, random: seededRandom(SEED) })
      for (let failures = 1; failures <= 8; failures++) {
        backoff.failed('p')
        const step = Math.min(DIAL_BACKOFF_BASE_MS * 2 ** (failures - 1), DIAL_BACKOFF_MAX_MS)
        clock.advance(0.75 * step - 1)
        assert.equal(backoff.due('p'), false, `not due before 0.75 of step ${step} ms (failure ${failures})`)
        clock.advance(0.5 * step + 1)
        assert.equal(backoff.due('p'), true, `due after 1.25 of step ${step} ms (failure ${failures})`)
        assert.equal(backoff.failures('p'), failures)
      }
      backoff.succeeded('p')
      assert.equal(backoff.failures('p'), 0)
      assert.equal(backoff.due('p'), true)
    })

    it('pauses a lost neighbour, keeping its failure count, and never shortens a longer back-off', function () {
      const clock = new ManualClock()
      const backoff = new Backoff({ clock, random: () => 0.5 })
      backoff.lost('p')
      clock.advance(LOST_BACKOFF_MS - 1)
      assert.equal(backoff.due('p'), false)
      clock.advance(1)
      assert.equal(backoff.due('p'), true)
      const slow = new Backoff({ clock, random: () => 0.5, baseMs: 10 * LOST_BACKOFF_MS, maxMs: 10 * LOST_BACKOFF_MS })
      slow.failed('q')
      slow.lost('q')
      clock.advance(LOST_BACKOFF_MS * 2)
      assert.equal(slow.due('q'), false)
      assert.equal(slow.failures('q'), 1)
    })
  })

  describe('degree window', function () {
    const make = (clock: ManualClock, over: Partial<ConstructorParameters<typeof DegreeWindow>[0]> = {}): DegreeWindow =>
      new DegreeWindow({ clock, random: seededRandom(SEED), min: 4, max: 8, maxParallelDials: 4, pruneGraceMs: 20_000, sampleIntervalMs: 0, ...over })
    const neighbour = (id: string, fields: Partial<NeighbourState> = {}): NeighbourState =>
      ({ id, since: 0, busy: false, triangle: false, ...fields })
    const many = (n: number, fields: Partial<NeighbourState> = {}): NeighbourState[] =>
      Array.from({ length: n }, (_, i) => neighbour(`n${i}`, fields))

    it('dials what is missing to the minimum, minus what is pending, at most maxParallelDials at once', function () {
      const window = make(new ManualClock())
      assert.equal(window.plan({ neighbours: [], pending: 0 }).dial, 4)
      assert.equal(window.plan({ neighbours: many(1), pending: 0 }).dial, 3)
      assert.equal(window.plan({ neighbours: many(1), pending: 2 }).dial, 1, 'dials in flight and connections in identify count')
      assert.equal(window.plan({ neighbours: many(1), pending: 5 }).dial, 0)
      assert.equal(window.plan({ neighbours: many(6), pending: 0 }).dial, 0)
      assert.equal(make(new ManualClock(), { min: 10, maxParallelDials: 3, max: 20 }).plan({ neighbours: [], pending: 0 }).dial, 3)
      assert.throws(() => make(new ManualClock(), { min: 5, max: 4 }), RangeError)
    })

    it('prunes only above the maximum, only idle connections past their grace, down to the maximum', function () {
      const clock = new ManualClock()
      const window = make(clock)
      clock.advance(60_000)
      const now = clock.monotonic()
      assert.deepEqual(window.plan({ neighbours: many(8), pending: 0 }).prune, [])
      const view = [...many(8), neighbour('young', { since: now - 19_999 }), neighbour('busy', { busy: true })]
      const pruned = window.plan({ neighbours: view, pending: 0 }).prune
      assert.equal(pruned.length, 2)
      assert.ok(!pruned.includes('young') && !pruned.includes('busy'), pruned.join(','))
      // Too few eligible: it prunes what it may and waits for the rest.
      assert.deepEqual(window.plan({ neighbours: [...many(7, { busy: true }), neighbour('a'), neighbour('b', { since: now })], pending: 0 }).prune, ['a'])
    })

    it('prunes first the peers that keep their minimum without it, then edges on a triangle, then at random', function () {
      const clock = new ManualClock()
      const window = make(clock, { max: 4 })
      clock.advance(60_000)
      const view = [
        neighbour('at-min', { reportedDegree: 4, triangle: true }),
        neighbour('unknown'),
        neighbour('spare1', { reportedDegree: 5 }),
        neighbour('spare5', { reportedDegree: 9 }),
        neighbour('triangle', { triangle: true }),
        neighbour('spare3-triangle', { reportedDegree: 7, triangle: true })
      ]
      // Four busy neighbours more: all six above are to go, and the order they are named in is the preference.
      const order = window.plan({ neighbours: [...view, ...many(4, { busy: true })], pending: 0 }).prune
      assert.deepEqual(order.slice(0, 3), ['spare3-triangle', 'spare5', 'spare1'])
      assert.deepEqual(order.slice(3, 5).sort(), ['at-min', 'triangle'], 'then triangle edges of peers at the minimum')
      assert.equal(order[5], 'unknown')
      assert.deepEqual(window.plan({ neighbours: [...view.slice(0, 4), ...many(2, { busy: true })], pending: 0 }).prune, ['spare5', 'spare1'])
    })

    it('samples once per drawn gap, within [0.5, 1.5] of the interval, and never with interval 0', function () {
      const clock = new ManualClock()
      const interval = 30_000
      const window = make(clock, { sampleIntervalMs: interval })
      let last = 0
      let rounds = 0
      for (let t = 0; t < 100 * interval; t += 100) {
        clock.advance(100)
        if (!window.plan({ neighbours: many(4), pending: 0 }).sample) continue
        const gap = clock.monotonic() - last
        assert.ok(gap >= interval / 2 && gap <= 1.5 * interval + 100, `gap ${gap} ms`)
        last = clock.monotonic()
        rounds++
      }
      assert.ok(rounds >= 67 && rounds <= 200, `${rounds} rounds in 100 intervals`)
      const never = make(clock, { sampleIntervalMs: 0 })
      clock.advance(10 * interval)
      assert.equal(never.plan({ neighbours: [], pending: 0 }).sample, false)
    })
  })

  describe('dial choice', function () {
    const plan = (dial: number, sample = false): Plan => ({ dial, sample, prune: [] })

    it('below the minimum dials known peers; stranded or alone it adds the bootstrap list and asks for peers', function () {
      assert.deepEqual(chooseDials({ plan: plan(2), degree: 2, known: ['a', 'b', 'c'], bootstrap: ['B1'], unreached: new Set() }),
        { known: ['a', 'b'], bootstrap: [], exchangeNow: false })
      assert.deepEqual(chooseDials({ plan: plan(2), degree: 2, known: ['a'], bootstrap: ['B1'], unreached: new Set() }),
        { known: ['a'], bootstrap: ['B1'], exchangeNow: true })
      assert.deepEqual(chooseDials({ plan: plan(4), degree: 0, known: ['a', 'b', 'c', 'd'], bootstrap: ['B1', 'B2'], unreached: new Set() }),
        { known: ['a', 'b', 'c', 'd'], bootstrap: ['B1', 'B2'], exchangeNow: false })
      assert.deepEqual(chooseDials({ plan: plan(0), degree: 5, known: ['a'], bootstrap: ['B1'], unreached: new Set(['B1']) }),
        { known: [], bootstrap: [], exchangeNow: false })
    })

    it('a sampling round dials a bootstrap address never reached, else one more known peer', function () {
      assert.deepEqual(chooseDials({ plan: plan(0, true), degree: 5, known: ['a'], bootstrap: ['B1', 'B2'], unreached: new Set(['B2']) }),
        { known: [], bootstrap: ['B2'], exchangeNow: false })
      assert.deepEqual(chooseDials({ plan: plan(0, true), degree: 5, known: ['a', 'b'], bootstrap: ['B1'], unreached: new Set() }),
        { known: ['a'], bootstrap: [], exchangeNow: false })
      assert.deepEqual(chooseDials({ plan: plan(1, true), degree: 3, known: ['a', 'b'], bootstrap: [], unreached: new Set() }),
        { known: ['a', 'b'], bootstrap: [], exchangeNow: false })
    })
  })

  describe('known peers', function () {
    it('keeps the most recently seen up to its bound, ages out, and skips peers backing off', function () {
      const clock = new ManualClock()
      const known = new KnownPeers({ clock, random: seededRandom(SEED), max: 3, maxAgeMs: 60_000 })
      for (let i = 1; i <= 4; i++) {
        known.learn(`p${i}`, [multiaddr(addr(i))])
        clock.advance(1000)
      }
      assert.deepEqual(known.ids().sort(), ['p2', 'p3', 'p4'])
      known.learn('p2', [])
      assert.deepEqual(known.addresses('p2').map(String), [addr(2)], 'an empty address list keeps the old one')
      known.backoff.failed('p3')
      assert.deepEqual(known.candidates(new Set(['p4']), seededRandom(SEED)), ['p2'])
      clock.advance(60_000)
      known.ageOut()
      assert.deepEqual(known.ids(), ['p2'], 'p3 and p4 were last seen more than a minute ago')
    })

    it('writes out and reads back records, the most recent winning when over the bound, bad addresses dropped', function () {
      const clock = new ManualClock()
      const known = new KnownPeers({ clock, random: seededRandom(SEED), max: 8 })
      known.learn('a', [multiaddr(addr(1))])
      clock.advance(10)
      known.learn('b', [multiaddr(addr(2))])
      known.connected('b')
      assert.equal(known.dirty, true)
      const records = known.records()
      assert.equal(known.dirty, false)
      assert.deepEqual(records, [
        { id: 'a', addrs: [addr(1)], lastSeen: clock.start, lastConnected: undefined },
        { id: 'b', addrs: [addr(2)], lastSeen: clock.start + 10, lastConnected: clock.start + 10 }
      ])
      const again = new KnownPeers({ clock, random: seededRandom(SEED), max: 1 })
      again.load([...records, { id: 'c', addrs: ['not a multiaddr'], lastSeen: clock.now() }])
      assert.deepEqual(again.ids(), ['b'])
    })

    it('names peers connected within the split window that fail dial after dial', function () {
      const clock = new ManualClock()
      const known = new KnownPeers({ clock, random: () => 0.5, max: 8 })
      for (const id of ['a', 'b', 'c']) {
        known.learn(id, [multiaddr(addr(1))])
        known.connected(id)
      }
      known.learn('heard-only', [multiaddr(addr(2))])
      for (let i = 0; i < SPLIT_FAILURES; i++) for (const id of ['a', 'b', 'heard-only']) known.backoff.failed(id)
      assert.deepEqual(known.unreachableRecent(new Set()), ['a', 'b'])
      assert.deepEqual(known.unreachableRecent(new Set(['a'])), [], 'one peer alone is no sign of a split')
      clock.advance(SPLIT_WINDOW_MS + 1)
      assert.deepEqual(known.unreachableRecent(new Set()), [])
    })
  })

  it('liveness: a connection dies at the third unanswered ping in a row, an answer starts the count again', function () {
    const liveness = new Liveness(3)
    assert.equal(liveness.missed('c'), false)
    assert.equal(liveness.missed('c'), false)
    liveness.answered('c')
    assert.equal(liveness.missed('c'), false)
    assert.equal(liveness.missed('c'), false)
    assert.equal(liveness.missed('c'), true)
    liveness.keepOnly([])
    assert.equal(liveness.missed('c'), false, 'a closed connection is forgotten')
  })

  it('liveness: a ping unanswered while the peer sent data on our streams is no strike; data from before it is', function () {
    const liveness = new Liveness(3)
    liveness.heard('p', 1000)
    // Pings sent at 1000, 11000 and 21000 all time out, but the peer keeps sending trace data meanwhile: alive.
    assert.equal(liveness.missed('c', { peer: 'p', at: 1000 }), false)
    liveness.heard('p', 15_000)
    assert.equal(liveness.missed('c', { peer: 'p', at: 11_000 }), false)
    liveness.heard('p', 21_000)
    assert.equal(liveness.missed('c', { peer: 'p', at: 21_000 }), false)
    // Then silence: its last data came before each later ping was sent, so three of them close the connection.
    assert.equal(liveness.missed('c', { peer: 'p', at: 31_000 }), false)
    assert.equal(liveness.missed('c', { peer: 'p', at: 41_000 }), false)
    assert.equal(liveness.missed('c', { peer: 'p', at: 51_000 }), true)
    // A peer with no connection left is forgotten: its old data proves nothing about a new connection.
    liveness.heard('q', 60_000)
    liveness.keepOnly(['d'], ['p'])
    assert.equal(liveness.missed('d', { peer: 'q', at: 0 }), false, 'a first strike only')
    assert.equal(liveness.missed('d', { peer: 'q', at: 0 }), false)
    assert.equal(liveness.missed('d', { peer: 'q', at: 0 }), true, 'q was forgotten, so heard nothing')
  })
})
