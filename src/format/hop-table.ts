// An `mtr -r`-like table per vantage point: one row per hop with the probes sent there, the share lost and the
// last, average, best and worst RTT and their standard deviation, from the hop's per-probe records. A host the
// requester knows more of prints as mtr -z -b does: `AS64500 name (addr)`.

import { hostLabel, NO_ANNOTATIONS, type Annotations, type Hop, type VantageView } from '../model/index.js'

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

export function formatHopTable (v: VantageView, annotations: Annotations = NO_ANNOTATIONS): string {
  const t = v.trace
  if (t === undefined) return `HOST: ${v.name}  error: ${v.error?.message ?? 'no result'}\n`
  const host = (addr: string): string => {
    const asn = annotations.get(addr)?.asn
    return `${asn === undefined ? '' : `AS${asn} `}${hostLabel(addr, annotations)}`
  }
  const labels = t.hops.map(hop => hop.addr === null ? '???' : `${host(hop.addr)}${hop.flag === undefined ? '' : ` ${hop.flag}`}`)
  // Long names widen the host column for the whole table, so the numbers stay in columns.
  const width = Math.max(HOST_WIDTH, ...labels.map(label => label.length))
  const header = `HOST: ${v.name}${t.srcAddr === undefined ? '' : ` (${t.srcAddr})`} -> ${t.target}`
  const lines = [`${header.padEnd(PREFIX_WIDTH + width)} ${columns(COLUMNS)}`]
  t.hops.forEach((hop, i) => {
    lines.push(`${String(hop.ttl).padStart(3)}.|-- ${labels[i].padEnd(width)} ${numbers(hopStats(hop))}`)
    for (const other of (hop.addrs ?? []).filter(a => a !== hop.addr)) lines.push(`    |   ${host(other)}`)
  })
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
