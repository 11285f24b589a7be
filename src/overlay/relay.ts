// One accepted flood on one peer: own probe and forwarding at once, every result streamed upstream as it arrives
// (merged, checked), then the end with the failures seen below, by this depth's cut-off at the latest.

import { logger } from '@libp2p/logger'
import { pipe } from 'it-pipe'
import { raceSignal } from 'race-signal'
import type { Clock } from '../time/clock.js'
import type { FloodCounters } from './counters.js'
import { adoptedLink, queryNeighbour, type DownstreamEvent } from './downstream.js'
import { OverlayError, describeError, errorCode } from './errors.js'
import { DynamicFanIn } from './fan-in.js'
import { LinkWindow } from './link-window.js'
import { DEFAULT_REQUESTER_END_GRACE_MS } from './constants.js'
import { fitEnd } from './wire-size.js'
import { MAX_ENTRY_ADDRS, MAX_PEERS_PER_ASKED, MAX_SIBLINGS } from '../model/limits.js'
import type { FloodLimits } from './flood-init.js'
import { cutoffAt } from './request-validation.js'
import { ResultMerger } from './result-merge.js'
import { WallClockDeadline } from './signals.js'
import type { Authenticator, Failure, FloodRecorder, LocalProber, OverlayLink, OverlayMessage, OverlayTransport, PeerError, TraceRequest, VantageResult } from './types.js'
import { Upstream } from './upstream.js'

const log = logger('peertrace:overlay:relay')

export interface RelayContext {
  /** The link from the upstream, its request already read. */
  link: OverlayLink
  /** The rest of the upstream's messages: none are expected, but their failure means the upstream is gone. */
  upstream: AsyncIterator<OverlayMessage>
  request: TraceRequest
  self: string
  name: string
  transport: OverlayTransport
  prober: LocalProber
  authenticator: Authenticator
  limits: FloodLimits
  counters: FloodCounters
  clock: Clock
  /** Orders the neighbours forwarded to when there are more than maxFanout: a float in [0, 1), as Math.random. */
  random: () => number
  /** Aborts when the service stops. */
  signal: AbortSignal
  /**
   * Receives the function that adopts a rejoining peer's link into this flood (its results are read like a
   * downstream's); the function resolves when that link is done, or false at once when the flood is over.
   */
  onAdopt?: (adopt: (link: OverlayLink) => Promise<boolean>) => void
  /** As the entry peer: told what goes to the requester. Results are always verified then. */
  recorder?: FloodRecorder
  /** Whether this peer probes for the request (its selector names it); a peer not selected only relays. */
  selects?: (request: TraceRequest) => boolean
}

type RelayEvent = DownstreamEvent | { type: 'own', result: VantageResult }

export async function relayFlood (ctx: RelayContext): Promise<void> {
  const { request } = ctx
  // Waits (own probe, downstream links) end at the cut-off; sends may go on to the deadline, so the end still
  // leaves after the cut-off. The entry's requester reads past the deadline for its end (the end grace), and a
  // loaded entry whose cut-off fires late may send its end in that time.
  const cutoff = new WallClockDeadline(ctx.clock, cutoffAt(request, ctx.limits.cutoffMarginMs), [ctx.signal], 'cut-off')
  const sendUntil = request.entry === ctx.self ? request.deadline + DEFAULT_REQUESTER_END_GRACE_MS : request.deadline
  const sending = new WallClockDeadline(ctx.clock, sendUntil, [ctx.signal], 'deadline')
  const upstream = new Upstream({
    link: ctx.link,
    inbound: ctx.upstream,
    request,
    self: ctx.self,
    transport: ctx.transport,
    maxReplay: ctx.limits.maxResultsPerFlood,
    maxReplayBytes: ctx.limits.maxReplayBytes,
    onNotKept: () => { ctx.counters.resultsNotKeptForReplay++ },
    onGone: (gone) => {
      cutoff.abort(gone)
      sending.abort(gone)
    },
    onSend: (message) => {
      ctx.counters.messagesSent++
      if (message.type === 'result' && message.result.peer !== ctx.self) ctx.counters.resultsRelayed++
    }
  }, sending.signal)
  const merger = new ResultMerger(request.id, ctx.limits.maxResultsPerFlood, ctx.self)
  // Every copy asks for `asked` messages: this relay reads them, and passes them on if its upstream asked too.
  const targets = forwardTargets(ctx)
  // Each copy names the others' receivers: a receiver that neighbours one of them need not send it a duplicate.
  const forwarded: TraceRequest = { ...request, hopBudget: request.hopBudget - 1, reportAsked: true, siblings: targets.slice(0, MAX_SIBLINGS) }
  merger.addAsked(ctx.self, targets)
  if (log.enabled) {
    log('flood %s: from %s, budget %d, cut-off in %d ms; asking %s', request.id, ctx.link.remote, request.hopBudget,
      cutoff.at - ctx.clock.now(), targets.join(' '))
  }
  // As the entry, say where to find us: a peer below whose upstream dies rejoins here, maybe without an address.
  if (request.entry === ctx.self) {
    const addrs = ctx.transport.addresses?.() ?? []
    if (addrs.length > 0) forwarded.entryAddrs = addrs.slice(0, MAX_ENTRY_ADDRS)
  }
  const downstream = { maxResults: ctx.limits.maxResultsPerFlood, onSend: () => { ctx.counters.messagesSent++ } }
  // At most maxFanout links at once; the other neighbours are asked as links end (issue 14, item 10).
  const linkWindow = new LinkWindow(ctx.limits.maxFanout)
  // The entry peer lingers a little after a failure below it: the dead peer's orphans rejoin here.
  let lastFailure: number | undefined
  const sources = new DynamicFanIn<RelayEvent>([
    ownResult(ctx, cutoff),
    ...targets.map((peer) => inTurn(linkWindow, peer, cutoff.signal, () => queryNeighbour(ctx.transport, peer, forwarded, cutoff.signal, downstream)))
  ], () => lingerForRejoins(ctx, cutoff, lastFailure), ctx.clock)
  const watched = watchFailures(sources, () => { lastFailure = ctx.clock.now() })
  ctx.onAdopt?.(async (link) => {
    let done!: () => void
    const finished = new Promise<void>((resolve) => { done = resolve })
    const added = sources.add((async function * () {
      try {
        yield * adoptedLink(link, request.id, cutoff.signal, downstream)
      } finally {
        done()
      }
    })())
    if (!added) return false
    await finished
    return true
  })
  const record = recordOnce(ctx)
  try {
    await pipe(watched, admit(ctx, merger, targets), sendUpstream(upstream, sending.signal))
    // Recorded before it is sent: the requester may ask for the record as soon as it reads the end. As the entry,
    // this peer saw every path, so the peers asked that never answered are failed in its record too.
    record.end([...merger.failures(), ...merger.unanswered()])
    await upstream.send({ type: 'end', end: { requestId: request.id, failures: fitEnd(merger.failures()) } }, sending.signal)
    log('flood %s: end sent, %d ms before the cut-off', request.id, cutoff.at - ctx.clock.now())
    await upstream.close(sending.signal)
  } catch (err) {
    log('flood %s: lost the upstream %s: %s', request.id, upstream.remote, describeError(err))
    upstream.abort(err instanceof Error ? err : new Error(String(err)))
    record.end([...merger.failures(), ...merger.unanswered()])
  } finally {
    cutoff.abort(new OverlayError('ERR_ABORTED', 'the flood is over'))
    sending.clear()
  }
}

/**
 * Only the entry peer waits for rejoins, and only after a failure below it: until `rejoinGraceMs` after the last
 * failure, never past its cut-off.
 */
function lingerForRejoins (ctx: RelayContext, cutoff: WallClockDeadline, lastFailure: number | undefined): number | undefined {
  if (ctx.request.entry !== ctx.self || lastFailure === undefined || cutoff.signal.aborted) return undefined
  const until = Math.min(lastFailure + ctx.limits.rejoinGraceMs, cutoff.at)
  const left = until - ctx.clock.now()
  return left > 0 ? left : undefined
}

async function * watchFailures (events: AsyncIterable<RelayEvent>, onFailure: () => void): AsyncGenerator<RelayEvent> {
  for await (const event of events) {
    if (event.type === 'failure') onFailure()
    yield event
  }
}

/**
 * The neighbours to forward to: all but the upstream, the origin and the upstream's other receivers (the request's
 * siblings, which have it already), none at budget 0. More than maxFanout are all asked, maxFanout at a time, in a
 * random order: no neighbour is always the last.
 */
function forwardTargets (ctx: RelayContext): string[] {
  if (ctx.request.hopBudget <= 0) return []
  const excluded = new Set([ctx.link.remote, ctx.request.origin, ctx.self, ...(ctx.request.siblings ?? [])])
  const peers = ctx.transport.neighbours().filter((peer) => !excluded.has(peer))
  if (peers.length <= ctx.limits.maxFanout) return peers
  // Fisher-Yates: the first maxFanout places are a random subset, asked first.
  for (let i = 0; i < ctx.limits.maxFanout; i++) {
    const j = i + Math.floor(ctx.random() * (peers.length - i))
    ;[peers[i], peers[j]] = [peers[j] as string, peers[i] as string]
  }
  return peers
}

/**
 * One downstream link, opened when the window has room for it. A neighbour whose turn has not come by the cut-off
 * is reported failed (it was named as asked), never left out in silence.
 */
async function * inTurn (window: LinkWindow, peer: string, signal: AbortSignal,
  query: () => AsyncGenerator<DownstreamEvent>): AsyncGenerator<RelayEvent> {
  if (!(await window.turn(signal))) {
    yield { type: 'failure', failure: { peer, reason: 'ERR_NOT_ASKED: its turn among this relay\'s neighbours did not come before the cut-off' } }
    return
  }
  try {
    yield * query()
  } finally {
    window.release()
  }
}

/**
 * This peer's own signed result: its trace (the hops so far if cut off), its prober's error, or a cut-off error,
 * never silence. The prober is told to stop `probeStopMarginMs` before the cut-off, so that the hops it measured
 * are signed and sent by the cut-off; one that ignores the abort is given up on at the cut-off.
 */
async function * ownResult (ctx: RelayContext, cutoff: WallClockDeadline): AsyncGenerator<RelayEvent> {
  const { request } = ctx
  if (ctx.selects?.(request) === false) return
  const { signal } = cutoff
  const probeStop = new WallClockDeadline(ctx.clock, cutoff.at - ctx.limits.probeStopMarginMs, [signal], 'probe stop')
  let outcome: { trace?: VantageResult['trace'], error?: PeerError }
  try {
    outcome = await raceSignal(ctx.prober(request, probeStop.signal, probeStop.at - ctx.clock.now()), signal)
    if (outcome.trace === undefined && outcome.error === undefined) {
      outcome = { error: { code: 'ERR_PROBER', message: 'the prober returned neither a trace nor an error' } }
    }
  } catch (err) {
    // Upstream gone or service stopped: there is nobody to tell.
    if (signal.aborted && errorCode(signal.reason) !== 'ERR_CUT_OFF') return
    outcome = signal.aborted
      ? { error: { code: 'ERR_PROBE_CUT_OFF', message: 'the probe did not finish by this peer\'s cut-off' } }
      : { error: { code: errorCode(err) === 'ERR_UNKNOWN' ? 'ERR_PROBER' : errorCode(err), message: err instanceof Error ? err.message : String(err) } }
  } finally {
    probeStop.clear()
  }
  log('flood %s: own result %s, %d ms before the cut-off', request.id, outcome.trace?.stop ?? outcome.error?.code, cutoff.at - ctx.clock.now())
  const unsigned: Omit<VantageResult, 'signature'> = { requestId: request.id, peer: ctx.self, name: ctx.name }
  if (outcome.trace !== undefined) unsigned.trace = outcome.trace
  if (outcome.error !== undefined) unsigned.error = outcome.error
  try {
    yield { type: 'own', result: await ctx.authenticator.signResult(unsigned) }
  } catch (err) {
    log.error('flood %s: could not sign the own result: %s', request.id, describeError(err))
    yield { type: 'failure', failure: { peer: ctx.self, reason: `could not sign its result: ${describeError(err)}` } }
  }
}

/**
 * Turns relay events into the messages for upstream, applying the merge rule; folds ends into the failures. When
 * the upstream reads them, the first messages say whom this peer asked, and the new names from below follow.
 */
function admit (ctx: RelayContext, merger: ResultMerger, targets: string[]) {
  const verify = ctx.limits.verifyRelayedResults || ctx.recorder !== undefined
    ? async (result: VantageResult) => await ctx.authenticator.verifyResult(result)
    : undefined
  const report = ctx.request.reportAsked === true
  return async function * (events: AsyncIterable<RelayEvent>): AsyncGenerator<OverlayMessage> {
    if (report) yield * askedMessages(ctx.request.id, ctx.self, targets)
    for await (const event of events) {
      if (event.type === 'own') {
        merger.addOwn()
        recordResult(ctx, event.result)
        yield { type: 'result', result: event.result }
      } else if (event.type === 'result') {
        const admission = await merger.admit(event.result, verify)
        if (admission === 'admitted') {
          recordResult(ctx, event.result)
          yield { type: 'result', result: event.result }
        } else {
          ctx.counters.resultsDropped++
          log('flood %s: dropped a result for %s from %s: %s', ctx.request.id, event.result.peer, event.from, admission)
        }
      } else if (event.type === 'asked') {
        const fresh = merger.addAsked(event.asked.by, event.asked.peers)
        if (report) yield * askedMessages(ctx.request.id, event.asked.by, fresh)
      } else if (event.type === 'end') {
        merger.addFailures(event.failures)
      } else {
        ctx.counters.linkFailures++
        merger.addFailures([event.failure])
      }
    }
  }
}

/** `by` asked `peers`, in messages of at most MAX_PEERS_PER_ASKED names; none for nobody. */
function * askedMessages (requestId: string, by: string, peers: string[]): Generator<OverlayMessage> {
  for (let i = 0; i < peers.length; i += MAX_PEERS_PER_ASKED) {
    yield { type: 'asked', asked: { requestId, by, peers: peers.slice(i, i + MAX_PEERS_PER_ASKED) } }
  }
}

/** The recorder's end, told once whichever way the flood ends; a throwing recorder is logged, never fatal. */
function recordOnce (ctx: RelayContext): { end: (failures: Failure[]) => void } {
  let ended = false
  return {
    end: (failures) => {
      if (ended || ctx.recorder === undefined) return
      ended = true
      try {
        ctx.recorder.end(failures)
      } catch (err) {
        log.error('flood %s: could not record its end: %s', ctx.request.id, describeError(err))
      }
    }
  }
}

function recordResult (ctx: RelayContext, result: VantageResult): void {
  try {
    ctx.recorder?.result(result)
  } catch (err) {
    log.error('flood %s: could not record a result: %s', ctx.request.id, describeError(err))
  }
}

function sendUpstream (upstream: Upstream, signal: AbortSignal) {
  return async (messages: AsyncIterable<OverlayMessage>): Promise<void> => {
    for await (const message of messages) {
      await upstream.send(message, signal)
      if (message.type === 'asked') log('flood %s: passed up that %s asked %s', message.asked.requestId, message.asked.by, message.asked.peers.join(' '))
    }
  }
}
