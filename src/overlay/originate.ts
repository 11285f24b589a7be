// The requester's side of a flood: send the signed request to the entry peers, pipe what comes back through
// verification and the merge, yield each verified result as it lands, then a summary (all ended, or the deadline).

import merge from 'it-merge'
import { pipe } from 'it-pipe'
import { systemClock, type Clock } from '../time/clock.js'
import { DEFAULT_MAX_RESULTS_PER_FLOOD, DEFAULT_REQUESTER_END_GRACE_MS } from './constants.js'
import { queryNeighbour, type DownstreamEvent } from './downstream.js'
import { OverlayError } from './errors.js'
import { ResultMerger } from './result-merge.js'
import { ChosenVantages } from './selection/chosen.js'
import { SummaryTally } from './summary.js'
import type { FailedVantage, TraceSummary } from '../model/index.js'
import { WallClockDeadline } from './signals.js'
import type { Authenticator, Failure, OverlayTransport, TraceRequest, VantageResult } from './types.js'


export type OriginateEvent =
  | { type: 'result', result: VantageResult }
  | { type: 'summary', summary: TraceSummary }

/** A vantage point the requester expects to answer: one the entry's directory lately heard from. */
export interface ExpectedVantage {
  peer: string
  name?: string
  /** How long ago its description was signed (ms): the entry's "last seen". */
  seenAgoMs: number
}

export interface OriginateInit {
  /** Results accepted before the rest are dropped. */
  maxResults?: number
  /**
   * Vantage points that should answer beyond those the flood asked (read from the entry's directory while the
   * trace runs): those that never answered and were never named are failed as not reached, so a split overlay
   * shows in every summary instead of each half answering "N/N". A read that fails names nobody.
   */
  expected?: Promise<readonly ExpectedVantage[]>
  /**
   * How long past the request's deadline the entry links are still read for their ends (default
   * DEFAULT_REQUESTER_END_GRACE_MS): an end that lands in it closes the trace as complete.
   */
  endGraceMs?: number
  /** Times the deadline and the summary's duration (default: the system clock). */
  clock?: Clock
}

/**
 * A requester's outer bound on a trace of `timeoutMs`: the deadline, the end grace, and a second more, so that
 * originate()'s own deadline is what ends the trace, with its summary, and the outer bound only backs it up.
 */
export function requesterBackstopMs (timeoutMs: number): number {
  return timeoutMs + DEFAULT_REQUESTER_END_GRACE_MS + 1000
}

/**
 * Floods `request` (signed, hopBudget = initialHopBudget) through `entryPeers`. The iterable ends when every entry
 * link has ended, or at the request's deadline plus the end grace; aborting `signal` ends it at once, with its
 * summary. The copies sent ask for `asked` messages, so the summary names every peer a relay asked that never
 * answered, and an entry whose end did not come (its link broke, or it was still open at the grace's end): the
 * summary is then `incomplete`.
 */
export async function * originate (transport: OverlayTransport, entryPeers: string[], request: TraceRequest,
  authenticator: Authenticator, signal: AbortSignal, init: OriginateInit = {}): AsyncGenerator<OriginateEvent> {
  const clock = init.clock ?? systemClock
  const started = clock.monotonic()
  const maxResults = init.maxResults ?? DEFAULT_MAX_RESULTS_PER_FLOOD
  const graceMs = init.endGraceMs ?? DEFAULT_REQUESTER_END_GRACE_MS
  const deadline = new WallClockDeadline(clock, request.deadline + graceMs, [signal], `deadline + ${graceMs} ms grace`)
  const merger = new ResultMerger(request.id, maxResults)
  const tally: Tally = { unverified: 0, brokenEntries: [] }
  // A request that chose its K vantage points counts their results only, and reports those that never answered.
  const chosen = ChosenVantages.of(request)
  // Who was asked and never answered counts as failed; with a selector but no chosen list, peers that do not
  // match relay without answering, so only the chosen (or, without a selector, everyone asked) are expected.
  const expectAsked = request.selector === undefined || chosen !== undefined
  const entries = [...new Set(entryPeers)]
  merger.addAsked(transport.self, entries)
  const sources = entries.map((peer) =>
    queryNeighbour(transport, peer, { ...request, reportAsked: true }, deadline.signal, { maxResults }))
  try {
    yield * pipe(
      merge(...sources),
      verifiedResults(merger, authenticator, tally, chosen),
      withSummary(merger, tally, () => Math.round(clock.monotonic() - started), chosen, expectAsked,
        init.expected?.catch(() => []))
    )
  } finally {
    deadline.abort(new OverlayError('ERR_ABORTED', 'the requester stopped reading'))
  }
}

interface Tally {
  unverified: number
  /** The requester's own links that broke before their end. */
  brokenEntries: Failure[]
}

/**
 * Keeps the results that pass the merge (signature checked, one per vantage; with chosen vantage points, only
 * theirs); folds ends into the failures and `asked` messages into who was asked.
 */
function verifiedResults (merger: ResultMerger, authenticator: Authenticator, tally: Tally,
  chosen: ChosenVantages | undefined) {
  const verify = async (result: VantageResult): Promise<boolean> => await authenticator.verifyResult(result)
  return async function * (events: AsyncIterable<DownstreamEvent>): AsyncGenerator<VantageResult> {
    for await (const event of events) {
      if (event.type === 'result') {
        if (chosen?.expects(event.result.peer) === false) continue
        const admission = await merger.admit(event.result, verify)
        if (admission === 'admitted') {
          chosen?.answered(event.result.peer)
          yield event.result
        } else if (admission === 'unverified') tally.unverified++
      } else if (event.type === 'asked') {
        merger.addAsked(event.asked.by, event.asked.peers)
      } else if (event.type === 'end') {
        merger.addFailures(event.failures)
      } else {
        // Only the requester's own links fail here: an entry that died or whose link broke.
        tally.brokenEntries.push(event.failure)
        merger.addFailures([event.failure])
      }
    }
  }
}

function withSummary (merger: ResultMerger, tally: Tally, elapsedMs: () => number,
  chosen: ChosenVantages | undefined, expectAsked: boolean, expected: Promise<readonly ExpectedVantage[]> | undefined) {
  return async function * (results: AsyncIterable<VantageResult>): AsyncGenerator<OriginateEvent> {
    const summary = new SummaryTally()
    for await (const result of results) {
      summary.add(result)
      yield { type: 'result', result }
    }
    // A peer reported failed on one path may have answered on another: it answered. An entry whose link broke is
    // failed whatever it answered itself, and so is every peer asked that never answered (of the chosen, when the
    // request chose its vantage points).
    const reported = [...merger.failures(), ...(expectAsked ? merger.unanswered() : [])]
    const known = await expected ?? []
    if (chosen === undefined) reported.push(...notReached(known))
    const failures = chosen === undefined ? reported : chosen.failures(reported)
    // A failure reported along the way names only the peer id; the directory knows its name.
    const names = new Map(known.flatMap(({ peer, name }) => name === undefined ? [] : [[peer, name] as const]))
    const failed = summary.failed(failures, (peer) => merger.has(peer), tally.brokenEntries)
      .map((f) => f.name !== undefined || !names.has(f.peer) ? f : { ...f, name: names.get(f.peer) })
    const result: TraceSummary = { answered: summary.answered, failed, unverified: tally.unverified, durationMs: elapsedMs() }
    if (tally.brokenEntries.length > 0) result.incomplete = true
    yield { type: 'summary', summary: result }
  }
}

/** The expected vantage points as failures (the tally drops those that answered or were named already). */
function notReached (expected: readonly ExpectedVantage[]): FailedVantage[] {
  return expected.map(({ peer, name, seenAgoMs }) => ({
    peer,
    ...(name === undefined ? {} : { name }),
    reason: `ERR_NOT_REACHED: the entry heard from it ${Math.round(seenAgoMs / 1000)} s ago, but the flood did not reach it (is the overlay split?)`
  }))
}
