// The seed's line format: one line per vantage point, `<name> <ip1> <ip2> … <host>`, '*' for a silent hop and the
// flag after an unreachable hop, `(cut off)` after a partial path; then a summary line. With `rtt`, each answered
// hop's RTTs follow its address: `10.0.0.1 (0.412 0.398 0.405 ms)`. A hop whose name or AS the requester knows
// prints like traceroute's: `r1.example.net (10.0.0.1) [AS64500]`.

import { failedCount, type Annotations, type SummaryView, type VantageView } from '../model/index.js'
import { hopTokens, isCutOff } from './vantage.js'

export interface LineOptions {
  /** Print each answered hop's RTTs after its address. */
  rtt?: boolean
  /** Names and AS numbers of hop addresses: `name (addr) [AS64500]` where known. */
  annotations?: Annotations
}

export function vantageLine (v: VantageView, options: LineOptions = {}): string {
  if (v.error !== undefined) return `${v.name} error: ${v.error.message}`
  if (v.trace === undefined) return `${v.name} error: no result`
  const tokens = hopTokens(v.trace, options.rtt === true, options.annotations)
  if (isCutOff(v.trace)) tokens.push('(cut off)')
  else if (!v.trace.reached && v.trace.hops.every(h => h.flag === undefined)) tokens.push('(not reached)')
  return [v.name, ...tokens].join(' ')
}

/** `cutOff`: how many of the answers are partial paths (cutOffCount of the results printed). */
export function summaryLine (s: SummaryView, cutOff = 0): string {
  // An entry that answered and then failed counts once, as answered.
  const total = s.answered + s.failed.filter(f => f.answered !== true).length + (s.unlisted ?? 0)
  const parts = [`answered ${s.answered}/${total}${cutOff > 0 ? ` (${cutOff} cut off)` : ''}`]
  if (s.failed.length > 0) {
    parts.push(`failed: ${s.failed.map(f => `${f.name ?? shortId(f.peer)} (${briefReason(f.reason)})`).join(', ')}`)
  }
  if ((s.unlisted ?? 0) > 0) parts.push(`${s.unlisted} more failed, not listed`)
  if (s.unverified > 0) parts.push(`dropped ${s.unverified} unverified`)
  if (s.incomplete === true) parts.push(INCOMPLETE)
  // How long an interrupted trace ran is not known: no duration, rather than a made-up one.
  if (s.interrupted === true) parts.push('interrupted: the node stopped before the trace ended')
  else parts.push(`${(s.durationMs / 1000).toFixed(2)} s`)
  return parts.join(', ')
}

/** The entry's end never reached the requester: its link broke, or the deadline and its grace passed first. */
const INCOMPLETE = 'incomplete: the entry peer\'s end did not come'

/**
 * Why a trace with this summary is not a success, in one line (the client's stderr before it exits 1), or
 * undefined when it is one: at least one vantage point answered and the entry's end came.
 */
export function failureLine (s: SummaryView): string | undefined {
  if (s.incomplete === true) {
    return 'the entry peer\'s end did not come: results it had not yet passed on are missing (the summary names the entry failed, and why)'
  }
  if (s.answered > 0) return undefined
  const failed = failedCount(s)
  return failed === 0 ? 'no vantage point answered' : `no vantage point answered: ${failed} failed (the summary says why)`
}

/** Short words for the errors a vantage point answers with; the line for that vantage point has the detail. */
const BRIEF: Record<string, string> = {
  ERR_TARGET_POLICY: 'policy',
  ERR_RATE_LIMITED: 'rate limited',
  ERR_NO_PRIVILEGE: 'no privilege',
  ERR_RESOLVE: 'cannot resolve',
  ERR_CUT_OFF: 'cut off'
}
const MAX_BRIEF_LENGTH = 40

/** `ERR_TARGET_POLICY: 10.0.0.1 is …` -> `policy`; another reason: its first clause, at most 40 characters. */
export function briefReason (reason: string): string {
  const coded = /^(ERR_[A-Z0-9_]+): /.exec(reason)?.[1]
  if (coded !== undefined) return BRIEF[coded] ?? coded.slice(4).toLowerCase().replaceAll('_', ' ')
  const clause = reason.split(/[:;(]/)[0].trim()
  return clause.length > MAX_BRIEF_LENGTH ? `${clause.slice(0, MAX_BRIEF_LENGTH - 1)}…` : clause
}

function shortId (peer: string): string {
  return peer.length > 12 ? `${peer.slice(0, 4)}…${peer.slice(-6)}` : peer
}
