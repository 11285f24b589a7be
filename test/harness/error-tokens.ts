// What a trace's ground truth asks of rate-limited nodes: the ICMP error tokens each must spend for the trace to see
// every answer the truth has. Linux gives one source at most a burst of 6 errors, then one a second (icmp_ratelimit
// 1000 ms), so traces run at once can ask a router for more errors within their bound than it can send: then some
// trace gets `*` for a true hop whatever order its probes leave in, which is the router's limit, not a wrong path.

import type { EndingKind } from './generate-endings.js'
import type { Family, TraceMethod, TraceTruth } from './spec.js'
import { SILENT_HOP } from './constants.js'

/** Linux's ICMP error burst per source (XRLIM_BURST_FACTOR) and its refill, one token per icmp_ratelimit (1 s). */
const ICMP_ERROR_BURST = 6
const ICMP_ERROR_REFILL_MS = 1000

/**
 * What traces run at once may ask of one rate-limited node: two thirds of the errors it sends within their bound.
 * The rest goes to probes the truth has no need of but no prober can avoid: the probes sent past an ending before
 * it is known, RTT follow-ups, and on IPv4 the first half of an `unreachable` route's price that a probe finding one
 * token spends without an answer. Measured on the generated networks (docs/testing.md, "Traces at once"): ten traces
 * asking a router for 14 of its 21 errors (fixed seed 71272) got the truth in every loaded run, ten asking 16 (fixed
 * seed 1666007350) lost a true hop about one run in ten.
 */
const SHARED_ERROR_SHARE = 2 / 3

/** How many errors a rate-limited node sends one source within `boundMs`: its burst and its refill. */
export function errorSupply (boundMs: number): number {
  return ICMP_ERROR_BURST + Math.floor(boundMs / ICMP_ERROR_REFILL_MS)
}

/** The most errors traces run at once within `boundMs` may ask of one rate-limited node. */
export function sharedErrorCap (boundMs: number): number {
  return Math.floor(errorSupply(boundMs) * SHARED_ERROR_SHARE)
}

/**
 * The tokens each rate-limited node spends on the answers of the truth's path (the most over ECMP paths): an ICMP
 * error costs one, and on IPv4 an `unreachable` or `prohibit` route's error costs two (ip_error's own limiter and
 * the ICMP one charge the same per-source store); an echo reply or the target's TCP answer costs nothing.
 */
export function errorTokens (truth: TraceTruth, kind: EndingKind, ownerOf: (address: string) => string | undefined,
  rateLimited: ReadonlySet<string>): Map<string, number> {
  const most = new Map<string, number>()
  for (const path of truth.paths) {
    const spent = new Map<string, number>()
    path.hops.forEach((hop, i) => {
      const node = hop === SILENT_HOP ? undefined : ownerOf(hop)
      if (node === undefined || !rateLimited.has(node)) return
      const last = i === path.hops.length - 1
      if (last && path.reached && !sendsError(truth.method)) return
      spent.set(node, (spent.get(node) ?? 0) + (last ? endCost(kind, truth.family) : 1))
    })
    for (const [node, tokens] of spent) most.set(node, Math.max(most.get(node) ?? 0, tokens))
  }
  return most
}

/** Whether the target answers this method with an ICMP error (UDP: port unreachable) rather than a reply. */
function sendsError (method: TraceMethod): boolean {
  return method === 'udp'
}

function endCost (kind: EndingKind, family: Family): number {
  return family === 4 && (kind === 'route-unreachable' || kind === 'route-prohibit') ? 2 : 1
}
