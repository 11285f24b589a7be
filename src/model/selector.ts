// Which vantage points a request asks for (`trace --from EXPR --limit K`): the grammar of EXPR, how a vantage point's
// self-description matches it, and the selection a signed request carries. Pure functions, no I/O.

import { MAX_PEER_ID_LENGTH, MAX_SELECTION_LIMIT, MAX_SELECTOR_TERMS, MAX_SELECTOR_TERM_LENGTH } from './limits.js'
import type { VantageDescription } from './vantage-description.js'

/**
 * What a request asks for: vantage points that match any of `terms` (no terms: any vantage point; only with a
 * limit), at most `limit` of them. A term is one or
 * more labels joined by '+', all of which must match (`probe+DE`); a label is a name, a peer id, a tag, `AS<n>`, a
 * country code or a city name, compared without regard to case.
 */
export interface Selection {
  terms: string[]
  limit?: number
  /** The vantage points chosen among the matching ones (peer ids, at most `limit`): only they probe. */
  chosen?: string[]
}

/** What a selector is matched against: a description without its proof. */
export type DescribedVantage = Pick<VantageDescription, 'peer' | 'name' | 'tags' | 'country' | 'city' | 'asn'>

/** The terms of EXPR, trimmed, empty ones dropped; throws a message for an expression that cannot select. */
export function parseSelector (expr: string): string[] {
  const terms = expr.split(',').map((term) => term.split('+').map((label) => label.trim()).filter((label) => label !== '').join('+'))
    .filter((term) => term !== '')
  const problem = termsProblem(terms)
  if (problem !== undefined) throw new RangeError(problem)
  return terms
}

function termsProblem (terms: readonly string[]): string | undefined {
  if (terms.length === 0) return 'the selector names no vantage point'
  if (terms.length > MAX_SELECTOR_TERMS) return `more than ${MAX_SELECTOR_TERMS} selector terms`
  const long = terms.find((term) => typeof term !== 'string' || term.length === 0 || term.length > MAX_SELECTOR_TERM_LENGTH)
  if (long !== undefined) return `a selector term is empty or longer than ${MAX_SELECTOR_TERM_LENGTH} characters`
  if (terms.some((term) => term.includes(',') || term.split('+').some((label) => label.trim() !== label || label === ''))) {
    return 'a selector term has an empty label'
  }
  return undefined
}

/** Why a request's selection is unacceptable, or undefined when it is fine (the wire decoder and validation ask). */
export function selectionProblem (selection: Selection): string | undefined {
  if (!Array.isArray(selection.terms)) return 'selector terms missing'
  const { limit, chosen } = selection
  // `--limit K` alone: any K vantage points.
  const terms = selection.terms.length === 0 && limit !== undefined ? undefined : termsProblem(selection.terms)
  if (terms !== undefined) return terms
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SELECTION_LIMIT)) {
    return `selector limit is not in 1..${MAX_SELECTION_LIMIT}`
  }
  if (chosen !== undefined) {
    if (limit === undefined) return 'chosen vantage points without a limit'
    if (!Array.isArray(chosen) || chosen.length === 0 || chosen.length > limit) return 'chosen vantage points are not 1..limit peers'
    if (!chosen.every((peer) => typeof peer === 'string' && peer.length > 0 && peer.length <= MAX_PEER_ID_LENGTH)) return 'a chosen vantage point is not a peer id'
    if (new Set(chosen).size !== chosen.length) return 'a vantage point is chosen twice'
  }
  return undefined
}

/** The labels of a vantage point a selector label can name, lower case. */
function labelsOf (vantage: DescribedVantage): Set<string> {
  const labels = [vantage.peer, vantage.name, ...vantage.tags]
  if (vantage.country !== undefined) labels.push(vantage.country)
  if (vantage.city !== undefined) labels.push(vantage.city)
  if (vantage.asn !== undefined) labels.push(`AS${vantage.asn}`)
  return new Set(labels.map((label) => label.toLowerCase()))
}

/** Whether the vantage point matches any of the terms (every label of a term); no terms match every one. */
export function matchesSelector (terms: readonly string[], vantage: DescribedVantage): boolean {
  if (terms.length === 0) return true
  const labels = labelsOf(vantage)
  return terms.some((term) => term.split('+').every((label) => labels.has(label.toLowerCase())))
}

/** Whether the vantage point probes for a request with this selection: it matches and, if some were chosen, is one. */
export function selectsVantage (selection: Selection | undefined, vantage: DescribedVantage): boolean {
  if (selection === undefined) return true
  if (!matchesSelector(selection.terms, vantage)) return false
  return selection.chosen === undefined || selection.chosen.includes(vantage.peer)
}
