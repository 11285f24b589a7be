// What a trace's ground truth asks of rate-limited nodes: the ICMP error tokens each must spend for the trace to see
// every answer the truth has. Linux gives one source at most a burst of 6 errors, then one a second (icmp_ratelimit
// 1000 ms), so traces run at once can ask a router for more errors within their bound than it can send: then some
// trace gets `*` for a true hop whatever order its probes leave in, which is the router's limit, not a wrong path.

import type { Family } from './spec.js'
import type { ErrorSpend } from './trace-truth.js'

/** Linux's ICMP error burst per source (XRLIM_BURST_FACTOR) and its refill, one token per icmp_ratelimit (1 s). */
const ICMP_ERROR_BURST = 6
const ICMP_ERROR_REFILL_MS = 1000

/**
 * What traces run at once may ask of one rate-limited node: half the errors it sends within their bound. The rest
 * goes to probes the reading has no need of but no prober can avoid: the probes sent past an ending before it is
 * known, retries at silent hops, RTT follow-ups, and on IPv4 the first half of an `unreachable` route's price that
 * a probe finding one token spends without an answer; and on a loaded machine the traces' probing stretches towards
 * their bound, where refill is all that is left. Two thirds held on the machine of earlier sessions (fixed seed
 * 71272 asks 14 of 21, right in 35 loaded runs), then failed there in CI on a slower machine at a48768e (71272, and
 * 1928797916, whose silent r2 every trace passes: asked for 3 when silent routers went uncounted, 15 counted).
 * docs/testing.md, "Traces at once".
 */
const SHARED_ERROR_SHARE = 1 / 2

/** How many errors a rate-limited node sends one source within `boundMs`: its burst and its refill. */
export function errorSupply (boundMs: number): number {
  return ICMP_ERROR_BURST + Math.floor(boundMs / ICMP_ERROR_REFILL_MS)
}

/** The most errors traces run at once within `boundMs` may ask of one rate-limited node. */
export function sharedErrorCap (boundMs: number): number {
  return Math.floor(errorSupply(boundMs) * SHARED_ERROR_SHARE)
}

/**
 * The tokens each rate-limited node spends on the probes a trace's reading cannot do without (errorSpends: one per
 * TTL it reads, the most over ECMP paths): an ICMP error costs one, also a silent router's time exceeded that its
 * firewall drops once made, and on IPv4 a refusing route's costs two (ip_error's own limiter and the ICMP one charge
 * the same per-source store); an echo reply or the target's TCP answer costs nothing.
 */
export function errorTokens (spends: readonly ErrorSpend[][], family: Family,
  rateLimited: ReadonlySet<string>): Map<string, number> {
  const most = new Map<string, number>()
  for (const path of spends) {
    const spent = new Map<string, number>()
    for (const spend of path) {
      if (!rateLimited.has(spend.node)) continue
      spent.set(spend.node, (spent.get(spend.node) ?? 0) + (spend.error === 'route' && family === 4 ? 2 : 1))
    }
    for (const [node, tokens] of spent) most.set(node, Math.max(most.get(node) ?? 0, tokens))
  }
  return most
}
