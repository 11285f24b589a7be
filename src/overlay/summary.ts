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

  /** The failed list: error results first, then the reported failures of peers that did not answer elsewhere. */
  failed (failures: Iterable<Failure>, answered: (peer: string) => boolean): FailedVantage[] {
    const out = [...this.errors]
    for (const failure of failures) {
      if (!answered(failure.peer)) out.push(failure)
    }
    return out
  }
}
