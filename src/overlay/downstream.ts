// The upstream half of one link: open it, send the request, read the neighbour's results and end. Whatever goes
// wrong (unreachable, reset, protocol breach, cut-off) ends as a Failure event, never a throw or a hang.

import { logger } from '@libp2p/logger'
import { raceSignal } from 'race-signal'
import { OverlayError, describeError } from './errors.js'
import { abortable } from './signals.js'
import type { AskedPeers, Failure, OverlayLink, OverlayTransport, TraceRequest, VantageResult } from './types.js'

const log = logger('peertrace:overlay:downstream')

export type DownstreamEvent =
  | { type: 'result', result: VantageResult, from: string }
  | { type: 'asked', asked: AskedPeers, from: string }
  | { type: 'end', from: string, failures: Failure[], duplicate: boolean }
  | { type: 'failure', failure: Failure }

export interface DownstreamOptions {
  /** Results one link may carry before it counts as misbehaving. */
  maxResults: number
  /** Called once per message sent, for the counters. */
  onSend?: () => void
}

/**
 * Queries `peer` with `request` (already carrying the hop budget to give it). `signal` is the caller's cut-off:
 * when it fires the link is aborted and the neighbour reported as failed.
 */
export async function * queryNeighbour (transport: OverlayTransport, peer: string, request: TraceRequest,
  signal: AbortSignal, options: DownstreamOptions): AsyncGenerator<DownstreamEvent> {
  yield * downstreamEvents(peer, request.id, signal, options, async () => {
    const link = await transport.open(peer, signal)
    try {
      await raceSignal(link.send({ type: 'request', request }), signal)
    } catch (err) {
      link.abort(err instanceof Error ? err : new Error(String(err)))
      throw err
    }
    options.onSend?.()
    return link
  })
}

/** Reads a link a peer opened with `rejoin` (its upstream died): its results and end, as from a downstream. */
export async function * adoptedLink (link: OverlayLink, requestId: string, signal: AbortSignal,
  options: DownstreamOptions): AsyncGenerator<DownstreamEvent> {
  yield * downstreamEvents(link.remote, requestId, signal, options, async () => link)
}

async function * downstreamEvents (peer: string, requestId: string, signal: AbortSignal, options: DownstreamOptions,
  connect: () => Promise<OverlayLink>): AsyncGenerator<DownstreamEvent> {
  let link: OverlayLink | undefined
  let settled = false
  try {
    link = await connect()
    log('flood %s: link to %s open', requestId, peer)
    let results = 0
    // Every peer named as asked over this link: the only peers besides `peer` itself whose failure it may report.
    const asked = new Set<string>()
    let named = 0
    for await (const message of abortable(link.messages(), signal)) {
      if (message.type === 'result') {
        if (++results > options.maxResults) throw new OverlayError('ERR_PROTOCOL', `more than ${options.maxResults} results`)
        yield { type: 'result', result: message.result, from: peer }
      } else if (message.type === 'asked' && message.asked.requestId === requestId) {
        // Bounded like results: a link names at most as many asked peers as it may carry results.
        named += message.asked.peers.length
        if (named > options.maxResults) throw new OverlayError('ERR_PROTOCOL', `more than ${options.maxResults} peers asked`)
        for (const name of message.asked.peers) asked.add(name)
        yield { type: 'asked', asked: message.asked, from: peer }
      } else if (message.type === 'end' && message.end.requestId === requestId) {
        settled = true
        log('flood %s: end from %s after %d result(s)', requestId, peer, results)
        // Our side is done too. The close runs in the background: the end is in hand and must go on at once,
        // and a close still pending when the flood is over is cut by the flood's signal.
        const closing = link
        raceSignal(closing.close(), signal).catch((err) => { closing.abort(err instanceof Error ? err : new Error(String(err))) })
        yield { type: 'end', from: peer, failures: attributable(wellFormed(message.end.failures), peer, asked), duplicate: message.end.duplicate === true }
        return
      } else {
        throw new OverlayError('ERR_PROTOCOL', `unexpected ${message.type} message`)
      }
    }
    throw new OverlayError('ERR_PROTOCOL', 'the link closed without an end')
  } catch (err) {
    settled = true
    const reason = signal.aborted ? signal.reason : err
    log('flood %s: link to %s failed: %s', requestId, peer, describeError(reason))
    link?.abort(reason instanceof Error ? reason : new Error(String(reason)))
    yield { type: 'failure', failure: { peer, reason: describeError(reason) } }
  } finally {
    // The reader left early (the flood is over): tear the link down rather than leave the neighbour talking.
    if (!settled) link?.abort(new OverlayError('ERR_ABORTED', 'the flood no longer reads this link'))
  }
}

/**
 * The failures of an end that can be pinned on whoever observed them: the neighbour's own (it refused, or could not
 * sign), and those of peers named as asked over this link (the neighbour, or a relay below it, asked them and saw
 * them fail). A failure of any other peer is hearsay nobody on this path claims to have seen: dropped, and counted
 * by nobody (an honest relay never sends one). docs/security.md, "Failures".
 */
function attributable (failures: Failure[], peer: string, asked: ReadonlySet<string>): Failure[] {
  return failures.filter((failure) => failure.peer === peer || asked.has(failure.peer))
}

/** The failures of an end as far as they have the right shape; a neighbour's garbage is not passed on. */
function wellFormed (failures: unknown): Failure[] {
  if (!Array.isArray(failures)) return []
  return failures.filter((failure): failure is Failure =>
    typeof failure?.peer === 'string' && typeof failure?.reason === 'string')
}
