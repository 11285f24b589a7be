// The overlay peers a node has heard of: their addresses, when each was last seen (connected, or named by a
// neighbour's peer exchange) and when it may be dialled again. Bounded: the least recently seen go first, and
// peers not seen for KNOWN_PEER_MAX_AGE_MS are forgotten. What a node remembers across restarts (known-peers-file.ts).

import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { Clock } from '../../time/clock.js'
import { Backoff } from './backoff.js'
import { KNOWN_PEER_MAX_AGE_MS, MAX_IDS_PER_ADDRESS, SPLIT_FAILURES, SPLIT_MIN_PEERS, SPLIT_WINDOW_MS } from './constants.js'

/** One remembered peer, as stored: addresses as multiaddr strings, times as Unix ms. */
export interface KnownPeerRecord {
  id: string
  addrs: string[]
  /** Last connected to it, or last named by a neighbour. */
  lastSeen: number
  /** Last connected to it (undefined: never, only heard of). */
  lastConnected?: number
}

interface Entry {
  addrs: Multiaddr[]
  lastSeen: number
  lastConnected?: number
}

export interface KnownPeersInit {
  clock: Clock
  random: () => number
  max: number
  maxAgeMs?: number
  backoff?: Backoff
  /** How many peer ids a suggested address (`host:port`) may be known for; more are sybils at one socket. */
  maxIdsPerAddress?: number
  /** `host:port` of a direct address (undefined for one that is not: a relayed address). */
  addressKey?: (addr: Multiaddr) => string | undefined
  /** Told of every peer forgotten (evicted or aged out), so that tables fed from this one shrink with it. */
  onForget?: (id: string) => void
}

export class KnownPeers {
  readonly backoff: Backoff
  private readonly entries = new Map<string, Entry>()
  private readonly clock: Clock
  private readonly max: number
  private readonly maxAgeMs: number
  private readonly maxIdsPerAddress: number
  private readonly addressKey: (addr: Multiaddr) => string | undefined
  private readonly onForget: (id: string) => void
  /** Changed since the last records() call: worth writing out. */
  private changed = false

  constructor (init: KnownPeersInit) {
    this.clock = init.clock
    this.max = init.max
    this.maxAgeMs = init.maxAgeMs ?? KNOWN_PEER_MAX_AGE_MS
    this.maxIdsPerAddress = init.maxIdsPerAddress ?? MAX_IDS_PER_ADDRESS
    this.addressKey = init.addressKey ?? ((addr) => addr.toString())
    this.onForget = init.onForget ?? (() => {})
    this.backoff = init.backoff ?? new Backoff({ clock: init.clock, random: init.random })
  }

  get size (): number {
    return this.entries.size
  }

  get dirty (): boolean {
    return this.changed
  }

  has (id: string): boolean {
    return this.entries.has(id)
  }

  ids (): string[] {
    return [...this.entries.keys()]
  }

  addresses (id: string): Multiaddr[] {
    return this.entries.get(id)?.addrs ?? []
  }

  /**
   * A neighbour suggested `id` at these addresses (peer exchange): learnt as learn() does, but without the addresses
   * that maxIdsPerAddress other peers are already known at (a neighbour naming many ids at one socket would make
   * this node dial it once per id). False if nothing was left to learn.
   */
  suggest (id: string, addrs: Multiaddr[]): boolean {
    const taken = new Map<string, number>()
    for (const [other, entry] of this.entries) {
      if (other === id) continue
      for (const key of new Set(entry.addrs.map(this.addressKey))) if (key !== undefined) taken.set(key, (taken.get(key) ?? 0) + 1)
    }
    const kept = addrs.filter(addr => {
      const key = this.addressKey(addr)
      return key === undefined || (taken.get(key) ?? 0) < this.maxIdsPerAddress
    })
    if (kept.length === 0) return false
    this.learn(id, kept)
    return true
  }

  /** Heard of `id` at these addresses (identify, peer exchange): now is when it was last seen. */
  learn (id: string, addrs: Multiaddr[]): void {
    const entry = this.entries.get(id)
    // Re-inserted so that Map order stays "least recently seen first" for eviction.
    this.entries.delete(id)
    this.entries.set(id, { ...entry, addrs: addrs.length > 0 ? addrs : entry?.addrs ?? [], lastSeen: this.clock.now() })
    this.changed = true
    this.evict()
  }

  /** A connection to `id` is up: seen now, and its dial back-off is cleared. */
  connected (id: string): void {
    const entry = this.entries.get(id)
    if (entry !== undefined) {
      this.entries.delete(id)
      this.entries.set(id, { ...entry, lastSeen: this.clock.now(), lastConnected: this.clock.now() })
      this.changed = true
    }
    this.backoff.succeeded(id)
  }

  /** Peers to dial: due (not backing off), not in `exclude`, in random order. */
  candidates (exclude: ReadonlySet<string>, random: () => number): string[] {
    return shuffle(this.ids().filter(id => !exclude.has(id) && this.backoff.due(id) && this.addresses(id).length > 0), random)
  }

  /**
   * Peers this node was connected to within SPLIT_WINDOW_MS that now fail dial after dial: when there are several,
   * the overlay this node is in may have lost them (a split), rather than they all died.
   */
  unreachableRecent (exclude: ReadonlySet<string>): string[] {
    const since = this.clock.now() - SPLIT_WINDOW_MS
    const ids = [...this.entries].filter(([id, entry]) => !exclude.has(id) && (entry.lastConnected ?? 0) >= since &&
      this.backoff.failures(id) >= SPLIT_FAILURES).map(([id]) => id)
    return ids.length >= SPLIT_MIN_PEERS ? ids : []
  }

  /** Forgets peers not seen for the maximum age. */
  ageOut (): void {
    const oldest = this.clock.now() - this.maxAgeMs
    for (const [id, entry] of this.entries) {
      if (entry.lastSeen < oldest) {
        this.forget(id)
        this.changed = true
      }
    }
  }

  /** What to write out; clears the dirty flag. */
  records (): KnownPeerRecord[] {
    this.changed = false
    return [...this.entries].map(([id, entry]) => ({
      id, addrs: entry.addrs.map(a => a.toString()), lastSeen: entry.lastSeen, lastConnected: entry.lastConnected
    }))
  }

  /** Takes records read back (oldest first is best: the most recent then survive eviction); bad addresses are skipped. */
  load (records: KnownPeerRecord[]): void {
    for (const record of [...records].sort((a, b) => a.lastSeen - b.lastSeen)) {
      const addrs = record.addrs.flatMap(text => { try { return [multiaddr(text)] } catch { return [] } })
      if (addrs.length === 0) continue
      this.entries.delete(record.id)
      this.entries.set(record.id, { addrs, lastSeen: record.lastSeen, lastConnected: record.lastConnected })
    }
    this.ageOut()
    this.evict()
    this.changed = false
  }

  private evict (): void {
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.max) break
      this.forget(id)
    }
  }

  private forget (id: string): void {
    this.entries.delete(id)
    this.backoff.forget(id)
    this.onForget(id)
  }
}

/** Fisher-Yates in place with `random`. */
export function shuffle<T> (items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}
