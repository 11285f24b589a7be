// What a relay keeps of what it sent upstream, so that a rejoin at the entry can replay it: the `asked` messages
// (who is missing) always, results up to a bound in messages and in bytes. A result past the bound is not lost in
// silence: its peer is named in the end that follows a rejoin, so the requester knows why it did not come back.

import type { OverlayMessage, TraceEnd } from './types.js'
import { fitEnd, wireBytes } from './wire-size.js'

export interface ReplayBufferInit {
  /** Messages kept at most (results and `asked` together). */
  maxMessages: number
  /** Bytes of results kept at most, as estimated by `wireBytes`. */
  maxBytes: number
  /** This relay's id, named in the reason given for a result it did not keep. */
  self: string
}

export class ReplayBuffer {
  private readonly init: ReplayBufferInit
  private readonly kept: OverlayMessage[] = []
  private keptBytes = 0
  /** Peers whose result was sent upstream but not kept (at most maxMessages of them). */
  private readonly notKept: string[] = []
  /** Results sent but not kept, all of them counted. */
  dropped = 0

  constructor (init: ReplayBufferInit) {
    this.init = init
  }

  /** Keeps `message` for a replay if it is one and fits; false for a result that did not fit. */
  keep (message: OverlayMessage): boolean {
    if (message.type === 'asked') {
      if (this.kept.length < this.init.maxMessages) this.kept.push(message)
      return true
    }
    if (message.type !== 'result') return true
    const size = wireBytes(message.result)
    if (this.kept.length < this.init.maxMessages && this.keptBytes + size <= this.init.maxBytes) {
      this.kept.push(message)
      this.keptBytes += size
      return true
    }
    this.dropped++
    if (this.notKept.length < this.init.maxMessages) this.notKept.push(message.result.peer)
    return false
  }

  /** What a rejoin sends again, in the order it was first sent. */
  get messages (): readonly OverlayMessage[] {
    return this.kept
  }

  /** Bytes of results kept now. */
  get bytes (): number {
    return this.keptBytes
  }

  /**
   * The end to send on a rejoined link: every peer whose result went to the dead upstream but was not kept is named
   * failed, unless the end names it already. If that result did get through before the upstream died, the
   * requester counts the peer as answered and ignores this. Past what one end carries (fitEnd) a peer is not named
   * here, but it was named as asked, so the requester still counts it failed (`ERR_NO_ANSWER`).
   */
  endAfterRejoin (end: TraceEnd): TraceEnd {
    if (this.notKept.length === 0) return end
    const named = new Set(end.failures.map((f) => f.peer))
    const reason = `ERR_NOT_REPLAYED: its result went up through ${this.init.self} before that peer's upstream died, ` +
      `and did not fit the ${this.init.maxBytes} bytes it keeps for a replay`
    return { ...end, failures: fitEnd([...end.failures, ...this.notKept.filter((peer) => !named.has(peer)).map((peer) => ({ peer, reason }))]) }
  }
}
