// A split overlay never answers "N/N" silently: the requester names, as not reached, every vantage point the
// entry's directory lately heard from that the flood did not reach (issue 10: "each side answers for itself and
// names the other side as failed"). Two components of a seeded random graph stand for the two sides.

import assert from 'node:assert/strict'
import type { ExpectedVantage } from '../../src/overlay/index.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { FloodNet, controlledProber } from './flood-net.js'
import { randomConnectedGraph, type Edge } from './topology.js'

const SIDE = 8
const ids = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `p${from + i}`)

/** Two components of SIDE peers each: p0… and p8…, no edge between them. */
function splitEdges (seed: number): Edge[] {
  const random = seededRandom(seed)
  const left = randomConnectedGraph(SIDE, 3, random)
  const right = randomConnectedGraph(SIDE, 3, random).map(([a, b]): Edge => [a + SIDE, b + SIDE])
  return [...left, ...right]
}

const expectedAll = (): Array<ExpectedVantage> => ids(0, 2 * SIDE).map((peer, i) => ({ peer, name: `site${i}`, seenAgoMs: 12_000 }))

describe('a split overlay as the requester sees it', () => {
  const seed = testSeed(31)
  it(`names every peer of the other side as not reached, each once, with its name (seed ${seed})`, async () => {
    const net = new FloodNet({ size: 2 * SIDE, edges: splitEdges(seed) })
    const { results, summary } = await net.trace(await net.request(), { expected: Promise.resolve(expectedAll()) })
    assert.deepEqual(results.map(r => r.peer).sort(), ids(0, SIDE).sort())
    assert.equal(summary.answered, SIDE)
    assert.deepEqual(summary.failed.map(f => f.peer).sort(), ids(SIDE, 2 * SIDE).sort())
    for (const failure of summary.failed) {
      assert.equal(failure.name, `site${Number(failure.peer.slice(1))}`)
      assert.match(failure.reason, /^ERR_NOT_REACHED: the entry heard from it 12 s ago, but the flood did not reach it/)
    }
    net.stop()
  })

  it(`without the directory (its read failed) the summary is what the flood saw (seed ${seed})`, async () => {
    const net = new FloodNet({ size: 2 * SIDE, edges: splitEdges(seed) })
    const { summary } = await net.trace(await net.request(), { expected: Promise.reject(new Error('stream reset')) })
    assert.equal(summary.answered, SIDE)
    assert.deepEqual(summary.failed, [])
    net.stop()
  })

  it(`a whole overlay with every expected peer answering names nobody (seed ${seed})`, async () => {
    const net = new FloodNet({ size: 2 * SIDE, edges: randomConnectedGraph(2 * SIDE, 3, seededRandom(seed)) })
    const { summary } = await net.trace(await net.request(), { expected: Promise.resolve(expectedAll()) })
    assert.equal(summary.answered, 2 * SIDE)
    assert.deepEqual(summary.failed, [])
    net.stop()
  })

  const leafSeed = testSeed(32)
  it(`a peer that failed along the way is named by its name from the directory (seed ${leafSeed})`, async () => {
    const victim = controlledProber()
    const size = 2 * SIDE
    const edges = [...randomConnectedGraph(size, 3, seededRandom(leafSeed)), [size, 3] as Edge]
    const net = new FloodNet({ size: size + 1, edges, probers: { [`p${size}`]: victim.prober } })
    const expected = [...expectedAll(), { peer: `p${size}`, name: 'leaf', seenAgoMs: 3000 }]
    const tracing = net.trace(await net.request(), { expected: Promise.resolve(expected) })
    await victim.called
    net.kill(`p${size}`)
    const { summary } = await tracing
    assert.equal(summary.answered, size)
    assert.deepEqual(summary.failed.map(f => [f.peer, f.name]), [[`p${size}`, 'leaf']])
    assert.match(summary.failed[0]?.reason ?? '', /^ERR_LINK_RESET: /)
    net.stop()
  })
})
