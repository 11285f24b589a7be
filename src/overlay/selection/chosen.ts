// The requester's side of a request that chose its vantage points (`--limit K`): only their results count, and
// one that never answered is reported as failed.

import type { Failure, TraceRequest } from '../types.js'

export class ChosenVantages {
  private readonly waiting: Set<string>
  private readonly chosen: ReadonlySet<string>

  private constructor (chosen: readonly string[]) {
    this.chosen = new Set(chosen)
    this.waiting = new Set(chosen)
  }

  /** Undefined when the request chose no vantage points (every peer, or every matching one, may answer). */
  static of (request: TraceRequest): ChosenVantages | undefined {
    const chosen = request.selector?.chosen
    return chosen === undefined ? undefined : new ChosenVantages(chosen)
  }

  /** Whether a result from this peer counts: it is one of the chosen. */
  expects (peer: string): boolean {
    return this.chosen.has(peer)
  }

  /** Notes an admitted result. */
  answered (peer: string): void {
    this.waiting.delete(peer)
  }

  /**
   * The failures that concern the chosen (a relay's own refusal says nothing about them), then each chosen one that
   * neither answered nor was reported failed.
   */
  failures (reported: readonly Failure[]): Failure[] {
    const relevant = reported.filter((failure) => this.chosen.has(failure.peer))
    const named = new Set(relevant.map((failure) => failure.peer))
    for (const peer of this.waiting) {
      if (!named.has(peer)) relevant.push({ peer, reason: 'ERR_NO_ANSWER: a chosen vantage point did not answer by the deadline' })
    }
    return relevant
  }
}
