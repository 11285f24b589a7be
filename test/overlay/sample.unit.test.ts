// The draw of K vantage points among the matching: exactly min(K, n) distinct ones, the same for the same request
// id, and fair: over many request ids every peer is drawn about K/n of the time, the nearest no more than others.

import assert from 'node:assert/strict'
import { Prng, testSeed } from '../random/seeded-random.js'
import { drawVantages, selectionRank } from '../../src/overlay/selection/sample.js'

const PEERS = Array.from({ length: 20 }, (_, i) => `12D3KooWPeer${i}`)

function randomId (prng: Prng): string {
  return Array.from({ length: 4 }, () => prng.uint32().toString(16).padStart(8, '0')).join('')
}

describe('vantage draw', () => {
  it('draws exactly min(K, n) distinct peers, lowest rank first, the same for the same id', () => {
    const id = '00'.repeat(16)
    for (const k of [1, 2, 7, 20, 25]) {
      const drawn = drawVantages(id, PEERS, k)
      assert.equal(drawn.length, Math.min(k, PEERS.length))
      assert.equal(new Set(drawn).size, drawn.length)
      assert.ok(drawn.every((peer) => PEERS.includes(peer)))
      const ranks = drawn.map((peer) => selectionRank(id, peer))
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a < b ? -1 : a > b ? 1 : 0))
      assert.deepEqual(drawVantages(id, [...PEERS].reverse(), k), drawn)
    }
    assert.deepEqual(drawVantages(id, [...PEERS, ...PEERS], 30).length, 20)
  })

  const seed = testSeed(7300)
  it(`is fair: over 5000 request ids each of 20 peers is drawn 1000 ± 5 sd times for K = 4 (seed ${seed})`, () => {
    const prng = new Prng(seed)
    const draws = 5000
    const k = 4
    const counts = new Map<string, number>(PEERS.map((peer) => [peer, 0]))
    const firsts = new Set<string>()
    for (let i = 0; i < draws; i++) {
      const drawn = drawVantages(randomId(prng), PEERS, k)
      for (const peer of drawn) counts.set(peer, (counts.get(peer) ?? 0) + 1)
      firsts.add(drawn.join(','))
    }
    const expected = draws * k / PEERS.length
    const sd = Math.sqrt(draws * (k / PEERS.length) * (1 - k / PEERS.length))
    for (const [peer, count] of counts) assert.ok(Math.abs(count - expected) <= 5 * sd, `${peer} drawn ${count} times`)
    // Repeated runs pick different sets: C(20, 4) = 4845 ordered-by-rank sets, most of them seen.
    assert.ok(firsts.size > 2500, `${firsts.size} distinct draws`)
  })
})
