// Reverse DNS of hop addresses with the system resolver (getnameinfo, as traceroute does: /etc/hosts and nsswitch
// count; run in a helper process, resolver-process.ts): cached (a bounded LRU whose names expire), at most
// DNS_MAX_CONCURRENT lookups at once, a bounded queue. A lookup is never cancelled (getnameinfo cannot be), so a hung
// one holds its slot until it returns: the bound holds even against a resolver that never answers.

import { LRUCache } from 'lru-cache'
import { systemClock, type Clock } from '../time/clock.js'
import { DNS_CACHE_MAX, DNS_CACHE_TTL_MS, DNS_MAX_CONCURRENT, DNS_MAX_QUEUED, DNS_NEGATIVE_TTL_MS } from './constants.js'
import { helperProcessLookup } from './resolver-process.js'

/** An address's name, or undefined when it has none (or the lookup failed). */
export type ReverseLookup = (addr: string) => Promise<string | undefined>

export interface ReverseDnsInit {
  /** Looks one address up; default: the system resolver in a helper process (resolver-process.ts). */
  lookup?: ReverseLookup
  /** Resolves once `lookup` can answer (its helper is up); default: the helper's, or at once with a given lookup. */
  ready?: () => Promise<void>
  clock?: Clock
  cacheMax?: number
  ttlMs?: number
  negativeTtlMs?: number
  maxConcurrent?: number
  maxQueued?: number
}

/** A cached answer: the name, or null for "no name". */
interface Answer { name: string | null }

export class ReverseDns {
  private readonly lookupName: ReverseLookup
  private readonly whenReady: () => Promise<void>
  private readonly cache: LRUCache<string, Answer>
  private readonly negativeTtlMs: number
  private readonly maxConcurrent: number
  private readonly maxQueued: number
  /** Lookups asked for and not yet answered (queued or running), so one address is looked up once at a time. */
  private readonly pending = new Map<string, Promise<void>>()
  private readonly queue: Array<() => void> = []
  private running = 0

  constructor (init: ReverseDnsInit = {}) {
    const clock = init.clock ?? systemClock
    const source = init.lookup === undefined ? helperProcessLookup() : { lookup: init.lookup, ready: async () => {} }
    this.lookupName = source.lookup
    this.whenReady = init.ready ?? source.ready
    this.negativeTtlMs = init.negativeTtlMs ?? DNS_NEGATIVE_TTL_MS
    this.maxConcurrent = init.maxConcurrent ?? DNS_MAX_CONCURRENT
    this.maxQueued = init.maxQueued ?? DNS_MAX_QUEUED
    this.cache = new LRUCache<string, Answer>({
      max: init.cacheMax ?? DNS_CACHE_MAX,
      ttl: init.ttlMs ?? DNS_CACHE_TTL_MS,
      // Expiry on the injected clock, so tests move time by hand. lru-cache reads a start time of 0 as "none" (never
      // stale), and a clock's monotonic origin may be 0: shifted by 1 ms.
      perf: { now: () => clock.monotonic() + 1 },
      // Read the clock at every check: lru-cache otherwise keeps a reading for 1 ms of real time (a real timer).
      ttlResolution: 0
    })
  }

  /**
   * Resolves once lookups can be answered: the helper process started (now, if it was not). Its start is the
   * requester's own cost, seconds on a loaded machine, so a trace waits for it apart from its budget for names.
   */
  async ready (): Promise<void> {
    await this.whenReady()
  }

  /** The cached name of `addr`: a string, null when it has none, undefined when not known (yet, or any more). */
  cached (addr: string): string | null | undefined {
    return this.cache.get(addr)?.name
  }

  /**
   * Looks `addr` up unless its answer is cached or on its way; resolves once the answer is in the cache (or at once,
   * without a lookup, when the queue is full). Never rejects.
   */
  async resolve (addr: string): Promise<void> {
    if (this.cache.has(addr)) return
    const pending = this.pending.get(addr)
    if (pending !== undefined) return await pending
    if (this.running >= this.maxConcurrent && this.queue.length >= this.maxQueued) return
    const done = new Promise<void>((resolve) => {
      const run = (): void => {
        this.running++
        void this.lookupName(addr).catch(() => undefined).then((name) => {
          this.cache.set(addr, { name: name ?? null }, name === undefined ? { ttl: this.negativeTtlMs } : undefined)
        }).finally(() => {
          this.running--
          this.pending.delete(addr)
          resolve()
          this.queue.shift()?.()
        })
      }
      if (this.running < this.maxConcurrent) run()
      else this.queue.push(run)
    })
    this.pending.set(addr, done)
    return await done
  }

  /** Lookups running now (at most maxConcurrent) and waiting. */
  get load (): { running: number, queued: number } {
    return { running: this.running, queued: this.queue.length }
  }
}
