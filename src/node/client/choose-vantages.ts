// The requester's choice of vantage points for `trace --from EXPR --limit K`, made before anything is probed: the
// live peers of the entry's directory that match EXPR, and with a limit the K of lowest rank for this request id
// (a uniform sample: src/overlay/selection/sample.ts). Their ids go into the signed request; only they probe.

import type { Selection } from '../../model/selector.js'
import { matchesSelector } from '../../model/selector.js'
import type { VantageDescription } from '../../model/vantage-description.js'
import { drawVantages } from '../../overlay/selection/sample.js'
import type { ExpectedVantage } from '../../overlay/originate.js'
import { DEFAULT_LIVE_WINDOW_MS } from '../directory/constants.js'
import { NoMatchError } from '../errors.js'

export interface VantageChoice {
  selection: Selection
  /** Live vantage points that match (all of them probe when there is no limit). */
  matching: number
}

export interface ChooseOptions {
  terms: string[]
  limit?: number
  requestId: string
  /** Unix ms: descriptions signed within the live window before it count. */
  now: number
  liveWindowMs?: number
}

/** Throws NoMatchError when no live vantage point of `directory` matches. */
export function chooseVantages (directory: readonly VantageDescription[], options: ChooseOptions): VantageChoice {
  const window = options.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS
  const matching = directory.filter((d) => options.now - d.timestamp <= window && matchesSelector(options.terms, d)).map((d) => d.peer)
  const unique = [...new Set(matching)]
  if (unique.length === 0) {
    throw new NoMatchError(options.terms.length === 0 ? 'the entry peer knows no live vantage point' : `no vantage point matches ${options.terms.join(',')}`)
  }
  const selection: Selection = { terms: options.terms }
  if (options.limit !== undefined) {
    selection.limit = options.limit
    selection.chosen = drawVantages(options.requestId, unique, options.limit)
  }
  return { selection, matching: unique.length }
}

/** Without a choice, every live vantage point of the directory should answer: as the flood's expected peers. */
export function expectedVantages (directory: readonly VantageDescription[], now: number,
  liveWindowMs = DEFAULT_LIVE_WINDOW_MS): ExpectedVantage[] {
  return directory
    .filter((d) => now - d.timestamp <= liveWindowMs)
    .map((d) => ({ peer: d.peer, name: d.name, seenAgoMs: Math.max(0, now - d.timestamp) }))
}
