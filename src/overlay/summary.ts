// The closing tally of a flood as its requester sees it: results with a trace answered; results with an error,
// then peers reported failed along the way that never answered, failed. The requester and the entry peer's
// history both count with this, so a stored trace closes with the same line as the live one.

import type { FailedVantage, Failure, VantageResult } from '../model/index.js'

export class SummaryTally {
  answered = 0
  private readonly errors: FailedVantage[] = []

  /** Counts one verified result, in the order results land. */
  add (result: Pick<VantageResult, 'peer' | 'name' | 'error'>): void {
    if (result.error === undefined) {
      this.answered++
    } else {
      this.errors.push({ peer: result.peer, name: result.name, reason: `${result.error.code}: ${result.error.message}` })
    }
  }

  /**
   * The failed list, one line per peer: error results first; then `entries`, the requester's own links that broke
   * before their end, kept even when that peer's own result had arrived (what it had not passed on is lost); then
   * the reported failures (and peers asked but never heard of) of peers that did not answer elsewhere.
   */
  failed (failures: Iterable<Failure>, answered: (peer: string) => boolean, entries: Iterable<Failure> = []): FailedVantage[] {
    const out = [...this.errors]
    const named = new Set(out.map(f => f.peer))
    for (const failure of entries) {
      if (named.has(failure.peer)) continue
      named.add(failure.peer)
      out.push(answered(failure.peer) ? { ...failure, answered: true } : failure)
    }
    for (const failure of failures) {
      if (named.has(failure.peer) || answered(failure.peer)) continue
      named.add(failure.peer)
      out.push(failure)
    }
    return out
  }
}
