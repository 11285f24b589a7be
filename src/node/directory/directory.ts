// The vantage points a node knows: the newest signed self-description of each peer, bounded in count and age.
// Checking signatures is the caller's: only descriptions newer than the one held are handed back to be checked.

import type { VantageDescription } from '../../model/vantage-description.js'
import type { Clock } from '../../time/clock.js'
import { DEFAULT_DESCRIPTION_TTL_MS, DEFAULT_MAX_DIRECTORY_PEERS, MAX_DESCRIPTION_SKEW_MS } from './constants.js'

export interface DirectoryInit {
  clock: Clock
  /** This node's own peer id: its description is its own, never learnt from others. */
  self: string
  maxPeers?: number
  ttlMs?: number
}

export class Directory {
  private readonly entries = new Map<string, VantageDescription>()
  private readonly clock: Clock
  private readonly self: string
  private readonly maxPeers: number
  private readonly ttlMs: number

  constructor (init: DirectoryInit) {
    this.clock = init.clock
    this.self = init.self
    this.maxPeers = init.maxPeers ?? DEFAULT_MAX_DIRECTORY_PEERS
    this.ttlMs = init.ttlMs ?? DEFAULT_DESCRIPTION_TTL_MS
  }

  /** Of these, the descriptions that would replace what is held (newer, in their window): the ones worth checking. */
  news (descriptions: readonly VantageDescription[]): VantageDescription[] {
    const now = this.clock.now()
    const newest = new Map<string, VantageDescription>()
    for (const d of descriptions) {
      if (d.peer === this.self || d.timestamp > now + MAX_DESCRIPTION_SKEW_MS || now - d.timestamp > this.ttlMs) continue
      const held = newest.get(d.peer) ?? this.entries.get(d.peer)
      if (held === undefined || d.timestamp > held.timestamp) newest.set(d.peer, d)
    }
    return [...newest.values()]
  }

  /** Stores descriptions whose signatures were checked; the least recently seen go first above the bound. */
  add (checked: readonly VantageDescription[]): void {
    for (const d of this.news(checked)) this.entries.set(d.peer, d)
    this.expire()
    if (this.entries.size <= this.maxPeers) return
    const oldest = [...this.entries.values()].sort((a, b) => a.timestamp - b.timestamp)
    for (const d of oldest.slice(0, this.entries.size - this.maxPeers)) this.entries.delete(d.peer)
  }

  /** The descriptions held, most recently seen first. */
  list (): VantageDescription[] {
    this.expire()
    return [...this.entries.values()].sort((a, b) => b.timestamp - a.timestamp)
  }

  private expire (): void {
    const now = this.clock.now()
    for (const [peer, d] of this.entries) {
      if (now - d.timestamp > this.ttlMs) this.entries.delete(peer)
    }
  }
}
