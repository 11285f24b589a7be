// An `mtr -r`-like table per vantage point: one row per hop with the probes sent there, the share lost and the
// last, average, best and worst RTT and their standard deviation, from the hop's per-probe records.

import type { Hop, VantageView } from '../model/index.js'

const COLUMNS = ['Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'StDev']
const WIDTHS = [6, 5, 6, 6, 6, 6, 6]
const HOST_WIDTH = 28
/** `  1.|-- `: the row prefix before the host column. */
const PREFIX_WIDTH = 8

interface HopStats {
  sent: number
  lossPct: number
  rtts: number[]
}

/** Sent, lost and answered RTTs (in the order sent) of a hop; from its answers alone for a peer that predates probes. */
export function hopStats (hop: Hop): HopStats {
  if (hop.probes !== undefined && hop.probes.length > 0) {
    const rtts = hop.probes.flatMap(p => p.addr === null || p.rtt === undefined ? [] : [p.rtt])
    const sent = hop.probes.length
    return { sent, lossPct: 100 * (sent - rtts.length) / sent, rtts }
  }
  const sent = hop.rtts.length
  return { sent, lossPct: sent === 0 ? 100 : 0, rtts: hop.rtts }
}

export function formatHopTable (v: VantageView): string {
  const t = v.trace
  if (t === undefined) return `HOST: ${v.name}  error: ${v.error?.message ?? 'no result'}\n`
  const host = `HOST: ${v.name}${t.srcAddr === undefined ? '' : ` (${t.srcAddr})`} -> ${t.target}`
  const lines = [`${host.padEnd(PREFIX_WIDTH + HOST_WIDTH)} ${columns(COLUMNS)}`]
  for (const hop of t.hops) {
    const stats = hopStats(hop)
    const label = hop.addr === null ? '???' : `${hop.addr}${hop.flag === undefined ? '' : ` ${hop.flag}`}`
    lines.push(`${String(hop.ttl).padStart(3)}.|-- ${label.padEnd(HOST_WIDTH)} ${numbers(stats)}`)
    for (const other of (hop.addrs ?? []).filter(a => a !== hop.addr)) lines.push(`    |   ${other}`)
  }
  return lines.join('\n') + '\n'
}

function numbers (s: HopStats): string {
  const r = s.rtts
  const avg = r.length === 0 ? 0 : r.reduce((a, b) => a + b, 0) / r.length
  const stdev = r.length === 0 ? 0 : Math.sqrt(r.reduce((a, b) => a + (b - avg) ** 2, 0) / r.length)
  const ms = (x: number): string => x.toFixed(1)
  return columns([
    `${s.lossPct.toFixed(1)}%`, String(s.sent),
    ms(r.at(-1) ?? 0), ms(avg), ms(r.length === 0 ? 0 : Math.min(...r)), ms(r.length === 0 ? 0 : Math.max(...r)), ms(stdev)
  ])
}

function columns (cells: string[]): string {
  return cells.map((cell, i) => cell.padStart(WIDTHS[i])).join(' ')
}
