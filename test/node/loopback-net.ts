// Peertrace nodes in this process on 127.0.0.1 (TCP, any free port) with a fake prober: the node layer (libp2p,
// membership, flood over streams) under test with no raw sockets and no root. Tests call this, not copy it.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createClientNode, createPeertraceNode, type PeertraceNode, type PeertraceNodeInit } from '../../src/node/create-node.js'
import { parsePeerAddress } from '../../src/node/membership/peer-address.js'
import type { FloodCounters, OriginateEvent, TraceSummary } from '../../src/overlay/index.js'
import type { Authenticator, LocalProber, MeasuredTrace, ProbeSpec, TraceRequest, VantageResult } from '../../src/overlay/types.js'
import { KeyAuthenticator, REQUEST_ID_BYTES } from '../../src/protocol/index.js'
import { systemClock } from '../../src/time/clock.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { waitFor } from './wait-for.js'

export const LOOPBACK_LISTEN = '/ip4/127.0.0.1/tcp/0'
/** The target every request names: the fake prober never sends to it, and it is loopback anyway. */
export const TARGET = '127.0.0.1'
export const PROBE: ProbeSpec = { method: 'udp', maxHops: 4, firstHop: 1, queries: 1, waitMs: 100 }
const LOOPBACK_PREFIX = '/ip4/127.0.0.1/'

/** The trace a fake vantage reports: a first hop that names the peer (10.0.x.y from its index), then the target. */
export function fakeTrace (index: number, target: string): MeasuredTrace {
  return {
    target,
    addr: target,
    method: 'udp',
    reached: true,
    durationMs: 1,
    probesSent: 2,
    hops: [
      { ttl: 1, addr: `10.0.${index >> 8}.${index & 255}`, rtts: [0.5] },
      { ttl: 2, addr: target, rtts: [1] }
    ]
  }
}

/** Numbers the requests signedRequest makes: fresh ids that are the same on every run (no random draw). */
let requestSerial = 0

/**
 * A request for TARGET signed by `auth`, fresh id, deadline `ttlMs` from now; `fields` override before signing.
 * "Now" is the system clock's: the nodes here are real libp2p nodes on the system clock too.
 */
export async function signedRequest (auth: Authenticator & { self: string }, hopBudget: number, ttlMs: number,
  fields: Partial<TraceRequest> = {}): Promise<TraceRequest> {
  const now = systemClock.now()
  return await auth.signRequest({
    id: (++requestSerial).toString(16).padStart(REQUEST_ID_BYTES * 2, '0'),
    origin: auth.self,
    target: TARGET,
    probe: PROBE,
    initialHopBudget: hopBudget,
    hopBudget,
    deadline: now + ttlMs,
    timestamp: now,
    ...fields
  })
}

export function fixedProber (index: number): LocalProber {
  return async (request) => ({ trace: fakeTrace(index, request.target) })
}

export interface AddNodeInit {
  bootstrap?: Multiaddr[]
  /** A fixed loopback port instead of any free one. */
  port?: number
  membership?: PeertraceNodeInit['membership']
  flood?: PeertraceNodeInit['flood']
  admission?: PeertraceNodeInit['admission']
  history?: PeertraceNodeInit['history']
  /** Instead of fixedProber(index). */
  prober?: PeertraceNodeInit['prober']
  /** Instead of a fresh key: the same node started again. */
  privateKey?: PeertraceNodeInit['privateKey']
  idleConnectionMs?: PeertraceNodeInit['idleConnectionMs']
  tracesPerRequesterAtOnce?: PeertraceNodeInit['tracesPerRequesterAtOnce']
}

/** Membership events a LoopbackNet keeps for a failing test's message. */
const MAX_EVENTS = 2000

/** The seed of the nodes' membership draws when SEED is unset. */
export const DEFAULT_LOOPBACK_SEED = 0x100b
/** Node i's flood draws from seed + i + this (its membership from seed + i). */
const FLOOD_SEED_OFFSET = 0x10000

export class LoopbackNet {
  readonly nodes: PeertraceNode[] = []
  /** Client nodes (dial out only), stopped with the nodes. */
  readonly clients: Libp2p[] = []
  /**
   * Node i's membership (whom it dials, whom it asks for peers) draws from a PRNG seeded with seed + i, its flood
   * (which neighbours past the fan-out go first) from one seeded with seed + i + FLOOD_SEED_OFFSET.
   */
  readonly seed: number
  /** What membership said, every node, in order (`peer-<index> <event>`), the last MAX_EVENTS, for a failing test. */
  private readonly events: string[] = []
  private recorded = 0

  constructor (seed = testSeed(DEFAULT_LOOPBACK_SEED)) {
    this.seed = seed
  }

  /** Starts one more node listening on 127.0.0.1; it is named `peer-<index>` and probes with fixedProber. */
  async add (init: AddNodeInit = {}): Promise<PeertraceNode> {
    const index = this.nodes.length
    const node = await createPeertraceNode({
      privateKey: init.privateKey ?? await generateKeyPair('Ed25519'),
      listen: [init.port === undefined ? LOOPBACK_LISTEN : `/ip4/127.0.0.1/tcp/${init.port}`],
      name: `peer-${index}`,
      prober: init.prober ?? fixedProber(index),
      bootstrap: init.bootstrap,
      idleConnectionMs: init.idleConnectionMs,
      tracesPerRequesterAtOnce: init.tracesPerRequesterAtOnce,
      membership: {
        random: seededRandom((this.seed + index) >>> 0),
        onEvent: (event) => { this.record(`peer-${index} ${JSON.stringify(event)}`) },
        ...init.membership
      },
      // Its own stream of the same seed: the order of neighbours past a flood's fan-out.
      floodRandom: seededRandom((this.seed + index + FLOOD_SEED_OFFSET) >>> 0),
      flood: init.flood,
      admission: init.admission,
      history: init.history
    })
    // Registered before any await so that a failure below still leaves the node for stop().
    this.nodes.push(node)
    return node
  }

  /** `count` nodes, each joining through the one before; resolves once each is a neighbour of all the others. */
  async addMesh (count: number, timeoutMs: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.add({ bootstrap: i === 0 ? [] : [this.address(this.at(i - 1), true)] })
    await this.waitForDegree(count - 1, timeoutMs)
  }

  /** A requester: a client node with a fresh key, and the authenticator that signs with that key. */
  async addClient (): Promise<{ client: Libp2p, auth: KeyAuthenticator }> {
    const key = await generateKeyPair('Ed25519')
    const client = await createClientNode(key)
    this.clients.push(client)
    return { client, auth: new KeyAuthenticator(key) }
  }

  /** Where `node` listens: its full multiaddr with /p2p/<id>, or the bare host:port a user would type. */
  address (node: PeertraceNode, withPeerId: boolean): Multiaddr {
    const [addr] = node.getMultiaddrs()
    assert.ok(addr !== undefined && addr.toString().startsWith(LOOPBACK_PREFIX), `${node.peerId.toString()} listens on loopback`)
    if (withPeerId) return addr
    const port = addr.getComponents().find(c => c.name === 'tcp')?.value
    return parsePeerAddress(`127.0.0.1:${port}`)
  }

  /** The node started index-th (0-based). */
  at (index: number): PeertraceNode {
    const node = this.nodes[index]
    assert.ok(node !== undefined, `no node ${index}`)
    return node
  }

  ids (): string[] {
    return this.nodes.map(node => node.peerId.toString())
  }

  /** Overlay peers reachable from `entry` over the nodes' neighbour lists (the way a flood travels). */
  reachableFrom (entry: PeertraceNode): Set<string> {
    const byId = new Map(this.nodes.map(node => [node.peerId.toString(), node]))
    const seen = new Set([entry.peerId.toString()])
    const queue = [entry]
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      for (const id of node.services.membership.neighbours()) {
        const next = byId.get(id)
        if (next !== undefined && !seen.has(id)) {
          seen.add(id)
          queue.push(next)
        }
      }
    }
    return seen
  }

  degrees (): number[] {
    return this.nodes.map(node => node.services.membership.neighbours().length)
  }

  /** Waits until every node has `minDegree` overlay neighbours; resolves with the time it took (ms). */
  async waitForDegree (minDegree: number, timeoutMs: number): Promise<number> {
    return await waitFor(() => this.degrees().every(degree => degree >= minDegree), {
      timeoutMs, what: `every node to have ${minDegree} neighbours`, state: () => `degrees ${this.degrees().join(',')}`
    })
  }

  /** Waits until a flood entering at `entry` can reach every node. */
  async waitForReach (entry: PeertraceNode, timeoutMs: number): Promise<number> {
    return await waitFor(() => this.reachableFrom(entry).size === this.nodes.length, {
      timeoutMs, what: `every node reachable from ${entry.peerId.toString()}`, state: () => `${this.reachableFrom(entry).size} reachable`
    })
  }

  counters (node: PeertraceNode): FloodCounters {
    return { ...node.services.trace.flood.counters }
  }

  /** The flood counters summed over every node. */
  totals (): FloodCounters {
    const total = { ...this.nodes[0]?.services.trace.flood.counters } as FloodCounters
    for (const node of this.nodes.slice(1)) {
      for (const [key, value] of Object.entries(node.services.trace.flood.counters)) {
        total[key as keyof FloodCounters] += value
      }
    }
    return total
  }

  /** Keeps the last MAX_EVENTS membership events. */
  private record (line: string): void {
    this.recorded++
    this.events.push(line)
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS)
  }

  /** How many events were ever recorded: a mark for eventsSince. */
  get eventCount (): number {
    return this.recorded
  }

  /** The membership events recorded since `mark` (an earlier eventCount), as many as are still kept. */
  eventsSince (mark: number): string[] {
    return this.events.slice(Math.max(0, this.events.length - (this.recorded - mark)))
  }

  /** Fails unless every connection and every address any node learnt is on 127.0.0.1: nothing dialled elsewhere. */
  async assertLoopbackOnly (): Promise<void> {
    for (const node of this.nodes) {
      for (const connection of node.getConnections()) {
        assert.ok(connection.remoteAddr.toString().startsWith(LOOPBACK_PREFIX), `connection to ${connection.remoteAddr.toString()}`)
      }
      for (const peer of await node.peerStore.all()) {
        for (const { multiaddr } of peer.addresses) {
          assert.ok(multiaddr.toString().startsWith(LOOPBACK_PREFIX), `address ${multiaddr.toString()} in a peer store`)
        }
      }
    }
  }

  /** Stops every node and client, even when some fail to stop; rethrows the first failure after all were tried. */
  async stop (): Promise<void> {
    const outcomes = await Promise.allSettled([...this.clients, ...this.nodes].map(async node => { await node.stop() }))
    this.nodes.length = 0
    this.clients.length = 0
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (failure !== undefined) throw failure.reason
  }
}

export interface CollectedTrace {
  results: VantageResult[]
  summary: TraceSummary
}

/** Drains a requester's events: every result, then the one summary, which must come last. */
export async function collectTrace (events: AsyncIterable<OriginateEvent>): Promise<CollectedTrace> {
  const results: VantageResult[] = []
  let summary: TraceSummary | undefined
  for await (const event of events) {
    assert.equal(summary, undefined, 'nothing follows the summary')
    if (event.type === 'result') results.push(event.result)
    else summary = event.summary
  }
  assert.ok(summary !== undefined, 'the trace ends with a summary')
  return { results, summary }
}

/** The vantage peer ids of `results`, sorted, duplicates kept (so a second answer shows). */
export function vantages (results: VantageResult[]): string[] {
  return results.map(result => result.peer).sort()
}

/** Each result carries the fake trace of the peer its name gives. */
export function assertFakeTraces (results: VantageResult[], target: string): void {
  for (const result of results) {
    const index = Number(/^peer-(\d+)$/.exec(result.name)?.[1])
    assert.deepEqual(result.trace, fakeTrace(index, target), `the trace of ${result.name}`)
    assert.equal(result.error, undefined)
  }
}
