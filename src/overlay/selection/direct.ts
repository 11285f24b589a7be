// Direct delivery of a request that chose its vantage points (`trace --limit K`): the entry peer sends it straight
// to the K chosen peers instead of flooding it, so no other peer receives anything and a trace costs O(K) messages
// (docs/scaling.md, "Direct delivery"). The flood's relay does the work over a transport whose only neighbours are
// the chosen peers; a chosen peer that gets such a copy forwards it to nobody. A chosen peer the entry can neither
// reach by a connection nor by a known address makes the whole request flood as before; one whose link fails to
// open in time gets it by a flood the entry starts through a neighbour then (the fallback), or, with no neighbour
// to flood through, is reported as not reached.

import { logger } from '@libp2p/logger'
import { raceSignal } from 'race-signal'
import { timeoutSignal, type Clock } from '../../time/clock.js'
import { DEFAULT_DIRECT_OPEN_TIMEOUT_MS, DEFAULT_DIRECT_OPENS_AT_ONCE } from '../constants.js'
import type { FloodCounters } from '../counters.js'
import { OverlayError, describeError } from '../errors.js'
import type { FloodLimits } from '../flood-init.js'
import type { OverlayLink, OverlayMessage, OverlayTransport, TraceEnd, TraceRequest } from '../types.js'

const log = logger('peertrace:overlay:direct')

/** What a relay run uses instead of the peer's own transport and limits, for a request delivered directly. */
export interface DirectDelivery {
  transport: OverlayTransport
  limits: FloodLimits
}

export interface DirectContext {
  transport: OverlayTransport
  limits: FloodLimits
  counters: FloodCounters
  clock: Clock
  /** How long one link to a chosen peer may take to open (default DEFAULT_DIRECT_OPEN_TIMEOUT_MS). */
  openTimeoutMs?: number
  /** Links opened at once (default DEFAULT_DIRECT_OPENS_AT_ONCE). */
  opensAtOnce?: number
}

/**
 * Why this peer turns a direct copy away, as the end to send, or undefined for any other request: a direct copy is
 * good only from the request's entry peer and only at one of its chosen vantage points (the chosen list is signed;
 * the signature is checked after this). Checked before the signature, so a misdirected copy costs next to nothing.
 */
export function directRefusal (request: TraceRequest, self: string, from: string, counters: FloodCounters): TraceEnd | undefined {
  if (request.direct !== true) return undefined
  const problem = request.selector?.chosen?.includes(self) !== true
    ? 'this peer is not among the request\'s chosen vantage points'
    : from !== request.entry ? 'a direct request comes from its entry peer only' : undefined
  if (problem === undefined) return undefined
  counters.directRefused++
  log('refused direct request %s from %s: %s', request.id, from, problem)
  return { requestId: request.id, failures: [{ peer: self, reason: `ERR_NOT_CHOSEN: ${problem}` }] }
}

/**
 * How this peer serves an accepted request: as the entry of a request with chosen vantage points, over a transport
 * whose neighbours are the chosen peers (once each is known to be reachable); as a chosen peer that got a direct
 * copy, forwarding to nobody; otherwise undefined (the flood as usual).
 */
export async function directDelivery (request: TraceRequest, ctx: DirectContext): Promise<DirectDelivery | undefined> {
  const self = ctx.transport.self
  if (request.direct === true) return { transport: withoutNeighbours(ctx.transport), limits: ctx.limits }
  const chosen = request.selector?.chosen
  if (chosen === undefined || request.entry !== self) return undefined
  const targets = chosen.filter((peer) => peer !== self && peer !== request.origin)
  const unreachable = await undialable(ctx.transport, targets)
  if (unreachable.length > 0) {
    ctx.counters.directFallbacks++
    log('request %s floods: no connection to or address of chosen %s', request.id, unreachable.join(' '))
    return undefined
  }
  ctx.counters.directDeliveries++
  return {
    transport: starTransport(ctx, targets, request.origin),
    // Every chosen peer's link at once (at most MAX_SELECTION_LIMIT, opened 16 at a time), not maxFanout at a time.
    limits: { ...ctx.limits, maxFanout: Math.max(ctx.limits.maxFanout, targets.length) }
  }
}

async function undialable (transport: OverlayTransport, peers: string[]): Promise<string[]> {
  const dialable = transport.dialable
  if (dialable === undefined) return []
  const reachable = await Promise.all(peers.map(async (peer) => await dialable(peer).catch(() => false)))
  return peers.filter((_, i) => reachable[i] !== true)
}

/** The transport as a chosen peer sees it for a direct copy: the star's tip, with nobody to forward to. */
function withoutNeighbours (transport: OverlayTransport): OverlayTransport {
  return {
    self: transport.self,
    neighbours: () => [],
    open: async (peer, signal, addrs) => await transport.open(peer, signal, addrs)
  }
}

/**
 * The entry's transport for one direct delivery: its neighbours are the chosen peers, each link opened within a
 * timeout and no more than `opensAtOnce` at a time, and the request it carries is the direct copy.
 */
function starTransport (ctx: DirectContext, targets: string[], origin: string): OverlayTransport {
  const { transport, clock } = ctx
  const timeoutMs = ctx.openTimeoutMs ?? DEFAULT_DIRECT_OPEN_TIMEOUT_MS
  const slots = new OpenSlots(ctx.opensAtOnce ?? DEFAULT_DIRECT_OPENS_AT_ONCE)
  return {
    self: transport.self,
    neighbours: () => targets,
    ...(transport.addresses === undefined ? {} : { addresses: transport.addresses }),
    open: async (peer, signal) => {
      let unreached: unknown
      try {
        const link = await slots.run(async () =>
          await transport.open(peer, AbortSignal.any([signal, timeoutSignal(clock, timeoutMs)])), signal)
        return relabelled(link, directCopy)
      } catch (err) {
        if (signal.aborted) throw err
        unreached = err
      }
      // Through a peer that has not had the request yet, if there is one: a chosen one would only answer duplicate.
      const neighbours = transport.neighbours().filter((n) => n !== origin)
      const fresh = neighbours.filter((n) => !targets.includes(n))
      return await floodInstead(ctx, peer, unreached, [...fresh, ...neighbours.filter((n) => targets.includes(n))], signal)
    }
  }
}

/**
 * The fallback for a chosen peer whose link did not open: the request floods through one of the entry's own
 * neighbours (the first that opens), and the chosen peer answers through the flood; what comes back on that link
 * is read as this peer's. Peers served directly already drop the flooded copy as a duplicate, and a second
 * fallback's flood is a duplicate too, so a request floods at most once.
 */
async function floodInstead (ctx: DirectContext, peer: string, unreached: unknown, neighbours: string[], signal: AbortSignal): Promise<OverlayLink> {
  const reason = `the entry could not open a link to this chosen vantage point: ${describeError(unreached)}`
  for (const neighbour of neighbours) {
    try {
      const link = await ctx.transport.open(neighbour, signal)
      ctx.counters.directFallbacks++
      log('%s (%s): flooding through %s instead', peer, reason, neighbour)
      // No siblings: the neighbour must not skip the chosen peer (it may be that peer's only way in).
      return relabelled(link, ({ siblings: _siblings, ...copy }) => copy)
    } catch (err) {
      if (signal.aborted) throw err
      log('%s: no flood through %s either: %s', peer, neighbour, describeError(err))
    }
  }
  throw new OverlayError('ERR_NOT_REACHED', `${reason}; no neighbour to flood it through`, { cause: unreached })
}

/**
 * The copy a chosen peer gets: the signed request one hop down (its cut-off is a neighbour's), marked direct, without
 * what only a flood needs (the entry's addresses for a rejoin, siblings, the report of whom it asked).
 */
function directCopy (request: TraceRequest): TraceRequest {
  const { entryAddrs: _addrs, siblings: _siblings, reportAsked: _report, ...signed } = request
  return { ...signed, direct: true }
}

/** `link`, with the request it carries rewritten by `copy`. */
function relabelled (link: OverlayLink, copy: (request: TraceRequest) => TraceRequest): OverlayLink {
  return {
    remote: link.remote,
    send: async (message: OverlayMessage) => {
      await link.send(message.type === 'request' ? { type: 'request', request: copy(message.request) } : message)
    },
    messages: () => link.messages(),
    close: async () => { await link.close() },
    abort: (err) => { link.abort(err) }
  }
}

/** At most `limit` opens in flight; the others wait (or give up when their signal aborts). */
class OpenSlots {
  private running = 0
  private waiting: Array<() => void> = []
  private readonly limit: number

  constructor (limit: number) {
    this.limit = limit
  }

  async run<T> (fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    while (this.running >= this.limit) {
      await raceSignal(new Promise<void>((resolve) => { this.waiting.push(resolve) }), signal)
    }
    this.running++
    try {
      return await fn()
    } finally {
      this.running--
      // Every waiter looks again: one that gave up meanwhile must not swallow the wake-up.
      const waiting = this.waiting
      this.waiting = []
      for (const wake of waiting) wake()
    }
  }
}
