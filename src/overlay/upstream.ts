// The link a relay's results go up, which can change once: when the upstream dies mid-flood, the relay opens a
// `rejoin` link to the request's entry peer and replays every result it had sent, so a dead relay does not take
// this peer's subtree with it. Merging upstream drops whatever had already got through. What is replayed is bounded
// in messages and bytes (replay-buffer.ts).

import { logger } from '@libp2p/logger'
import { raceSignal } from 'race-signal'
import { OverlayError, describeError } from './errors.js'
import { ReplayBuffer } from './replay-buffer.js'
import type { OverlayLink, OverlayMessage, OverlayTransport, TraceRequest } from './types.js'

const log = logger('peertrace:overlay:upstream')

export interface UpstreamInit {
  link: OverlayLink
  /** The rest of the first link's messages: none are expected, but their failure means the upstream is gone. */
  inbound: AsyncIterator<OverlayMessage>
  request: TraceRequest
  self: string
  transport: OverlayTransport
  /** Results kept for a replay: the flood's own bound. */
  maxReplay: number
  /** Bytes of results kept for a replay (estimated as encoded): DEFAULT_MAX_REPLAY_BYTES. */
  maxReplayBytes: number
  /** Called for each result sent but not kept for a replay (past maxReplayBytes), for the counters. */
  onNotKept?: () => void
  /** Called when no upstream is left (the first died and no rejoin was possible, or the rejoined one died too). */
  onGone: (err: Error) => void
  /** Called once per message sent, for the counters. */
  onSend: (message: OverlayMessage) => void
}

export class Upstream {
  private current: OverlayLink
  private readonly init: UpstreamInit
  private readonly sent: ReplayBuffer
  /** Set while the first upstream is being replaced: sends wait for it. */
  private switching: Promise<boolean> | undefined
  private rejoined = false
  private gone = false
  /** Set once our end is on its way: from then on the upstream closing its side is the normal finish. */
  private ending = false
  /** Our end, once sent: a rejoin after it (the relay died before passing everything on) sends it again. */
  private endMessage: OverlayMessage | undefined
  private closed = false

  constructor (init: UpstreamInit, signal: AbortSignal) {
    this.init = init
    this.current = init.link
    this.sent = new ReplayBuffer({ maxMessages: init.maxReplay, maxBytes: init.maxReplayBytes, self: init.self })
    this.watch(init.inbound, signal)
  }

  /** The peer results go to now. */
  get remote (): string {
    return this.current.remote
  }

  /** The first upstream, which the flood is never forwarded back to. */
  get first (): string {
    return this.init.link.remote
  }

  async send (message: OverlayMessage, signal: AbortSignal): Promise<void> {
    // What the rejoined upstream must hear again: the results, and who was asked (so it can tell who is missing).
    if (!this.sent.keep(message)) this.init.onNotKept?.()
    if (message.type === 'end') {
      this.ending = true
      this.endMessage = message
    }
    while (true) {
      await this.settled(signal)
      const link = this.current
      try {
        // After a rejoin, the end names the peers whose results the replay could not carry.
        const out = message.type === 'end' && this.rejoined ? this.afterRejoin(message) : message
        await raceSignal(link.send(out), signal)
        this.init.onSend(out)
        return
      } catch (err) {
        // A send that failed on a link being replaced goes again on the new one; any other failure is final.
        if (signal.aborted || !this.lost(link, err, signal)) throw err
      }
    }
  }

  async close (signal: AbortSignal): Promise<void> {
    this.ending = true
    this.closed = true
    await this.settled(signal)
    await raceSignal(this.current.close(), signal)
  }

  abort (err: Error): void {
    this.current.abort(err)
  }

  private async settled (signal: AbortSignal): Promise<void> {
    if (this.switching !== undefined) await raceSignal(this.switching, signal)
    if (this.gone) throw new OverlayError('ERR_UPSTREAM_GONE', 'no upstream left for this flood')
  }

  /** Reads the upstream side: nothing is expected, so a reset, a message or an early close means it is gone. */
  private watch (inbound: AsyncIterator<OverlayMessage>, signal: AbortSignal): void {
    const link = this.current
    void (async () => {
      try {
        const next = await inbound.next()
        // An upstream closes its side only after our end: before that, a clean close is a peer that went away
        // (libp2p ends the streams of a connection that dropped without an error).
        if (next.done === true) {
          if (!this.ending) this.lost(link, new OverlayError('ERR_UPSTREAM_GONE', `${link.remote} closed the link before our end`), signal)
          return
        }
        this.lost(link, new OverlayError('ERR_PROTOCOL', `upstream sent a ${next.value.type} after its request`), signal)
      } catch (err) {
        this.lost(link, err, signal)
      }
    })()
  }

  /** `link` failed: start a rejoin if this was the first upstream and one is possible; true if one is under way. */
  private lost (link: OverlayLink, err: unknown, signal: AbortSignal): boolean {
    if (this.gone) return false
    // An old link, or the one already being replaced: the send goes again on its successor.
    if (link !== this.current || this.switching !== undefined) return true
    const { request, self } = this.init
    const entry = request.entry
    if (this.rejoined || entry === undefined || entry === self || entry === link.remote || signal.aborted) {
      this.fail(new OverlayError('ERR_UPSTREAM_GONE', `the link from ${link.remote} broke`, { cause: err }))
      return false
    }
    this.rejoined = true
    log('flood %s: upstream %s gone (%s), rejoining at %s', request.id, link.remote, describeError(err), entry)
    this.switching = this.rejoin(entry, signal).then((ok) => {
      this.switching = undefined
      return ok
    })
    return true
  }

  private async rejoin (entry: string, signal: AbortSignal): Promise<boolean> {
    try {
      const link = await this.init.transport.open(entry, signal, this.init.request.entryAddrs)
      await raceSignal(link.send({ type: 'rejoin', request: this.init.request }), signal)
      this.init.onSend({ type: 'rejoin', request: this.init.request })
      for (const message of this.endMessage === undefined ? this.sent.messages : [...this.sent.messages, this.afterRejoin(this.endMessage)]) {
        await raceSignal(link.send(message), signal)
        this.init.onSend(message)
      }
      this.current = link
      // The flood had already ended here: the replay carried the end, so this link is done too.
      if (this.closed) await raceSignal(link.close(), signal)
      this.watch(link.messages()[Symbol.asyncIterator](), signal)
      return true
    } catch (err) {
      log('flood %s: no rejoin at %s: %s', this.init.request.id, entry, describeError(err))
      this.fail(new OverlayError('ERR_UPSTREAM_GONE', `upstream gone and no rejoin at ${entry}: ${describeError(err)}`))
      return false
    }
  }

  private afterRejoin (message: OverlayMessage): OverlayMessage {
    return message.type === 'end' ? { type: 'end', end: this.sent.endAfterRejoin(message.end) } : message
  }

  private fail (err: Error): void {
    if (this.gone) return
    this.gone = true
    this.init.onGone(err)
  }
}
