// Membership's rules (degree window, dial choice, known peers with back-off) run by 32 simulated nodes on a virtual
// clock: a dial succeeds at once unless a partition is in the way, identify is instant, peer exchange answers with
// the neighbour list. Formation from one bootstrap peer, the degree window, no cut vertex, and a split healed by
// sampling (and not without it): the rules themselves, without libp2p's timing.

import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { DEFAULT_EXCHANGE_INTERVAL_MS, DEFAULT_MAINTAIN_INTERVAL_MS } from '../../../src/node/constants.js'
import { DEFAULT_PRUNE_GRACE_MS, DEFAULT_SAMPLE_INTERVAL_MS } from '../../../src/node/membership/constants.js'
import { DegreeWindow } from '../../../src/node/membership/degree-window.js'
import { chooseDials } from '../../../src/node/membership/dial-choice.js'
import { KnownPeers } from '../../../src/node/membership/known-peers.js'
import { ManualClock } from '../../time/manual-clock.js'
import { seededRandom, testSeed } from '../../random/seeded-random.js'

const SEED = testSeed(0x5eed32)
const PEERS = 32
const MIN = 4
const MAX = 8

interface SimNode {
  id: string
  window: DegreeWindow
  known: KnownPeers
  bootstrap: string[]
  reached: Set<string>
  since: Map<string, number>
  nextExchange: number
}

class SimOverlay {
  readonly clock = new ManualClock()
  readonly nodes = new Map<string, SimNode>()
  readonly edges = new Map<string, Set<string>>()
  /** Dials between the two sides fail while this is set. */
  side: ((id: string) => number) | undefined
  private readonly random: () => number

  constructor (seed: number, private readonly sampleIntervalMs: number) {
    this.random = seededRandom(seed)
  }

  add (id: string, bootstrap: string[]): void {
    const known = new KnownPeers({ clock: this.clock, random: this.random, max: 512 })
    const window = new DegreeWindow({
      clock: this.clock, random: this.random, min: MIN, max: MAX, maxParallelDials: 4, pruneGraceMs: DEFAULT_PRUNE_GRACE_MS,
      sampleIntervalMs: this.sampleIntervalMs
    })
    this.nodes.set(id, { id, window, known, bootstrap, reached: new Set(), since: new Map(), nextExchange: 0 })
    this.edges.set(id, new Set())
  }

  neighbours (id: string): string[] {
    return [...this.edges.get(id) ?? []]
  }

  /** Advances the clock by `ms`, one maintain round per node per interval, exchanges at theirs. */
  run (ms: number): void {
    for (let end = this.clock.monotonic() + ms; this.clock.monotonic() < end;) {
      this.clock.advance(DEFAULT_MAINTAIN_INTERVAL_MS)
      for (const node of this.nodes.values()) this.round(node)
    }
  }

  cut (): void {
    for (const [a, peers] of this.edges) for (const b of peers) if (this.side?.(a) !== this.side?.(b)) this.drop(a, b)
  }

  private round (node: SimNode): void {
    const now = this.clock.monotonic()
    const ids = this.neighbours(node.id)
    const plan = node.window.plan({
      neighbours: ids.map(id => ({ id, since: node.since.get(id) ?? now, busy: false, triangle: false })),
      pending: 0
    })
    for (const id of plan.prune) this.drop(node.id, id)
    const busy = new Set([node.id, ...this.neighbours(node.id)])
    const bootstrap = node.bootstrap.filter(b => !busy.has(b) && node.known.backoff.due(`boot:${b}`))
    const choice = chooseDials({
      plan,
      degree: this.neighbours(node.id).length,
      known: node.known.candidates(busy, this.random),
      bootstrap,
      unreached: new Set(bootstrap.filter(b => !node.reached.has(b)))
    })
    for (const id of choice.known) this.dial(node, id, id)
    for (const b of choice.bootstrap) this.dial(node, `boot:${b}`, b)
    if (choice.exchangeNow || now >= node.nextExchange) {
      node.nextExchange = now + DEFAULT_EXCHANGE_INTERVAL_MS
      const [asked] = this.neighbours(node.id).sort(() => this.random() - 0.5)
      if (asked !== undefined) for (const id of this.neighbours(asked)) if (id !== node.id) node.known.learn(id, [multiaddr('/ip4/10.0.0.1/tcp/1')])
    }
  }

  private dial (node: SimNode, key: string, peer: string): void {
    if (!this.nodes.has(peer) || (this.side !== undefined && this.side(node.id) !== this.side(peer))) {
      node.known.backoff.failed(key)
      return
    }
    node.known.backoff.succeeded(key)
    node.reached.add(peer)
    this.link(node.id, peer)
  }

  private link (a: string, b: string): void {
    if (a === b || this.edges.get(a)?.has(b) === true) return
    const now = this.clock.monotonic()
    for (const [x, y] of [[a, b], [b, a]] as const) {
      this.edges.get(x)?.add(y)
      const node = this.nodes.get(x)
      node?.since.set(y, now)
      node?.known.learn(y, [multiaddr('/ip4/10.0.0.1/tcp/1')])
      node?.known.connected(y)
    }
  }

  private drop (a: string, b: string): void {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      this.edges.get(x)?.delete(y)
      this.nodes.get(x)?.since.delete(y)
      this.nodes.get(x)?.known.backoff.lost(y)
    }
  }

  /** Nodes reachable from `from` over the edges, without `without`. */
  reach (from: string, without?: string): Set<string> {
    const seen = new Set([from])
    const queue = [from]
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const next of this.neighbours(id)) if (next !== without && !seen.has(next)) { seen.add(next); queue.push(next) }
    }
    return seen
  }

  cutVertices (): string[] {
    const ids = [...this.nodes.keys()]
    return ids.filter(v => this.reach(ids.find(id => id !== v) as string, v).size < ids.length - 1)
  }

  degrees (): number[] {
    return [...this.nodes.keys()].map(id => this.neighbours(id).length)
  }
}

function formed (seed: number, sampleIntervalMs = DEFAULT_SAMPLE_INTERVAL_MS): SimOverlay {
  const sim = new SimOverlay(seed, sampleIntervalMs)
  for (let i = 0; i < PEERS; i++) sim.add(`p${i}`, i === 0 ? [] : ['p0'])
  return sim
}

describe(`membership rules in a simulated overlay of ${PEERS} nodes (seed ${SEED})`, function () {
  it(`forms from one bootstrap peer: every degree >= ${MIN} within 10 s, then in [${MIN}, ${MAX} + one fresh sample], no cut vertex`, function () {
    const sim = formed(SEED)
    sim.run(10_000)
    assert.ok(sim.degrees().every(d => d >= MIN), `degrees ${sim.degrees().join(',')} at 10 s`)
    sim.run(5 * 60_000)
    assert.ok(sim.degrees().every(d => d >= MIN && d <= MAX + 1), `degrees ${sim.degrees().join(',')}`)
    assert.deepEqual(sim.cutVertices(), [])
    assert.equal(sim.reach('p0').size, PEERS)
  })

  it('heals a 20 s split whose cross links were all cut, well within 60 s, and not without sampling', function () {
    for (const [sampleMs, heals] of [[DEFAULT_SAMPLE_INTERVAL_MS, true], [0, false]] as const) {
      const sim = formed(SEED, sampleMs)
      sim.run(2 * 60_000)
      sim.side = id => Number(id.slice(1)) % 2
      sim.cut()
      sim.run(20_000)
      assert.ok(sim.reach('p0').size < PEERS, 'split')
      sim.side = undefined
      let healedAfter: number | undefined
      for (let s = 1; s <= 120 && healedAfter === undefined; s++) {
        sim.run(1000)
        if (sim.reach('p0').size === PEERS) healedAfter = s
      }
      if (heals) assert.ok(healedAfter !== undefined && healedAfter <= 60, `sampling every ${sampleMs} ms: healed after ${String(healedAfter)} s`)
      else assert.equal(healedAfter, undefined, 'without sampling, two halves at their minimum never dial across')
    }
  })
})
