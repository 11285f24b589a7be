// Annotates one trace's hop addresses for the requester's output: names from the shared reverse-DNS cache, waited
// for at most a budget per trace (all waits together), and AS numbers from the operator's database (in memory, at
// once). Names that are not back in time are left out; lookups still running fill the cache for later results.
// The resolver's helper process must be up first: that wait is bounded apart (a process start is not the resolver).

import type { AddressAnnotation, Annotations } from '../model/annotation.js'
import { systemClock, type Clock } from '../time/clock.js'
import type { AsnDatabase } from './asn-db.js'
import { DNS_BUDGET_PER_TRACE_MS, DNS_HELPER_START_MS } from './constants.js'
import type { ReverseDns } from './reverse-dns.js'

interface AnnotationSources {
  /** Reverse DNS; absent: no names (`-n`). */
  dns?: ReverseDns
  /** The IP-to-ASN database; absent: no AS numbers. */
  asn?: AsnDatabase
}

export interface TraceAnnotatorInit extends AnnotationSources {
  /** How long this trace's output may wait for names, all waits together. */
  budgetMs?: number
  /** How long it may wait for the resolver's helper to start, apart from the budget, all waits together. */
  startMs?: number
  clock?: Clock
}

export class TraceAnnotator {
  private readonly dns: ReverseDns | undefined
  private readonly asn: AsnDatabase | undefined
  private readonly clock: Clock
  private startLeft: number
  private budgetLeft: number
  /** What was found for this trace's addresses so far: the formats read it. */
  private readonly known = new Map<string, AddressAnnotation>()

  constructor (init: TraceAnnotatorInit = {}) {
    this.dns = init.dns
    this.asn = init.asn
    this.clock = init.clock ?? systemClock
    this.budgetLeft = init.budgetMs ?? DNS_BUDGET_PER_TRACE_MS
    this.startLeft = init.startMs ?? DNS_HELPER_START_MS
  }

  /** Every annotation found so far for this trace (the same map each time, growing). */
  get annotations (): Annotations {
    return this.known
  }

  /** Milliseconds of the budget not yet spent waiting. */
  get budgetLeftMs (): number {
    return this.budgetLeft
  }

  /**
   * Annotates `addrs`: looks their names up (waiting at most what is left of the budget, or until `signal`
   * aborts) and their AS; returns the trace's annotations, these addresses' included as far as they are known.
   */
  async annotate (addrs: readonly string[], signal?: AbortSignal): Promise<Annotations> {
    const dns = this.dns
    if (dns !== undefined && addrs.length > 0) {
      // Asked even with no budget left: an answer fills the cache for later results.
      const lookups = addrs.filter(addr => dns.cached(addr) === undefined).map(async addr => { await dns.resolve(addr) })
      // The helper's start first (no wait once it is up), then the lookups, which the budget bounds.
      if (lookups.length > 0 && this.budgetLeft > 0 && await this.spend('startLeft', dns.ready(), signal)) {
        await this.spend('budgetLeft', Promise.all(lookups), signal)
      }
    }
    for (const addr of addrs) this.note(addr)
    return this.known
  }

  /**
   * Waits for `work` at most what is left of `allowance`, or until `signal` aborts, and takes the time waited from
   * it; true when `work` settled in time.
   */
  private async spend (allowance: 'startLeft' | 'budgetLeft', work: Promise<unknown>, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted === true || this[allowance] <= 0) return false
    const started = this.clock.monotonic()
    let cancel = (): void => {}
    let onAbort = (): void => {}
    const done = await Promise.race([
      work.then(() => true),
      new Promise<false>((resolve) => {
        cancel = this.clock.setTimer(() => { resolve(false) }, this[allowance])
        onAbort = () => { resolve(false) }
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    ])
    cancel()
    signal?.removeEventListener('abort', onAbort)
    this[allowance] = Math.max(0, this[allowance] - (this.clock.monotonic() - started))
    return done
  }

  private note (addr: string): void {
    const annotation: AddressAnnotation = {}
    const name = this.dns?.cached(addr)
    if (typeof name === 'string') annotation.name = name
    const as = this.asn?.lookup(addr)
    if (as !== undefined) {
      annotation.asn = as.asn
      if (as.asName !== undefined) annotation.asName = as.asName
    }
    if (Object.keys(annotation).length > 0) this.known.set(addr, annotation)
  }
}
