// The seed's line format: one line per vantage point, `<name> <ip1> <ip2> … <host>`, '*' for a silent hop and the
// flag after an unreachable hop; then a summary line.

import { hopTokens, type SummaryView, type VantageView } from './vantage.js'

export function vantageLine (v: VantageView): string {
  if (v.error !== undefined) return `${v.name} error: ${v.error.message}`
  if (v.trace === undefined) return `${v.name} error: no result`
  const tokens = hopTokens(v.trace)
  if (!v.trace.reached && v.trace.hops.every(h => h.flag === undefined)) tokens.push('(not reached)')
  return [v.name, ...tokens].join(' ')
}

export function summaryLine (s: SummaryView): string {
  const total = s.answered + s.failed.length
  const parts = [`answered ${s.answered}/${total}`]
  if (s.failed.length > 0) {
    parts.push(`failed: ${s.failed.map(f => `${f.name ?? shortId(f.peer)} (${f.reason})`).join(', ')}`)
  }
  if (s.unverified > 0) parts.push(`dropped ${s.unverified} unverified`)
  parts.push(`${(s.durationMs / 1000).toFixed(2)} s`)
  return parts.join(', ')
}

export function shortId (peer: string): string {
  return peer.length > 12 ? `${peer.slice(0, 4)}…${peer.slice(-6)}` : peer
}
