// Annotates one trace's hop addresses for the requester's output: names from the shared reverse-DNS cache, waited
// for at most a budget per trace (all waits together), and AS numbers from the operator's database (in memory, at
// once). Names that are not back in time are left out; lookups still running fill the cache for later results.

import type { AddressAnnotation, Annotations } from '../model/annotation.js'
import { systemClock, type Clock } from '../time/clock.js'
import type { AsnDatabase } from './asn-db.js'
import { DNS_BUDGET_PER_TRACE_MS } from './constants.js'
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
  clock?: Clock
}

export class TraceAnnotator {
  private readonly dns: ReverseDns | undefined
  private readonly asn: AsnDatabase | undefined
  private readonly clock: Clock
  private budgetLeft: number
  /** What was found for this trace's addresses so far: the formats read it. */
  private readonly known = new Map<string, AddressAnnotation>()

  constructor (init: TraceAnnotatorInit = {}) {
    this.dns = init.dns
    this.asn = init.asn
    this.clock = init.clock ?? systemClock
    this.budgetLeft = init.budgetMs ?? DNS_BUDGET_PER_TRACE_MS
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
      const lookups = addrs.filter(addr => dns.cached(addr) === undefined).map(async addr => { await dns.resolve(addr) })
      if (lookups.length > 0 && this.budgetLeft > 0 && signal?.aborted !== true) {
        const started = this.clock.monotonic()
        let cancel = (): void => {}
        let onAbort = (): void => {}
        await Promise.race([
          Promise.all(lookups),
          new Promise<void>((resolve) => {
            cancel = this.clock.setTimer(resolve, this.budgetLeft)
            onAbort = resolve
            signal?.addEventListener('abort', onAbort, { once: true })
          })
        ])
        cancel()
        signal?.removeEventListener('abort', onAbort)
        this.budgetLeft = Math.max(0, this.budgetLeft - (this.clock.monotonic() - started))
      }
    }
    for (const addr of addrs) this.note(addr)
    return this.known
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
