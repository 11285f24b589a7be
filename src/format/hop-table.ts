// An `mtr -r`-like table per vantage point: one row per hop with the probes sent there, the share lost, the last,
// average, best and worst RTT, their standard deviation and the mean jitter (hop-stats.ts); with `--rounds`, from
// the rounds' probes, so Snt is the rounds each hop was probed in, as in `mtr -r -c N`. A host the requester knows
// more of prints as mtr -z -b does: `AS64500 name (addr)`.

import { hostLabel, NO_ANNOTATIONS, type Annotations, type Hop, type MeasuredTrace, type VantageView } from '../model/index.js'
import { hopStats, type HopStats } from './hop-stats.js'
import { tcpAnswer } from './tcp-answer.js'

/** One hop of the table: its statistics and every address that answered, the one it is named by first. */
export interface HopTableRow {
  hop: Hop
  stats: HopStats
  addrs: string[]
}

/** The table's rows, one per hop; the web view's hop table (src/web/page/hop-table-view.ts) shows the same. */
export function hopTableRows (trace: MeasuredTrace): HopTableRow[] {
  return trace.hops.map(hop => {
    const stats = hopStats(hop)
    // The hop's own address first (what the other formats name it by), then whoever else answered the probes counted.
    const addrs = [...new Set([...hop.addr === null ? [] : [hop.addr], ...stats.addrs, ...hop.addrs ?? []])]
    return { hop, stats, addrs }
  })
}

const COLUMNS = ['Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'StDev', 'Javg']
const WIDTHS = [6, 5, 6, 6, 6, 6, 6, 6]
const HOST_WIDTH = 28
/** `  1.|-- `: the row prefix before the host column. */
const PREFIX_WIDTH = 8

export function formatHopTable (v: VantageView, annotations: Annotations = NO_ANNOTATIONS): string {
  const t = v.trace
  if (t === undefined) return `HOST: ${v.name}  error: ${v.error?.message ?? 'no result'}\n`
  const host = (addr: string): string => {
    const asn = annotations.get(addr)?.asn
    return `${asn === undefined ? '' : `AS${asn} `}${hostLabel(addr, annotations)}`
  }
  const rows = hopTableRows(t).map(row => {
    const marks = [row.hop.flag, tcpAnswer(row.hop)].filter(mark => mark !== undefined).map(mark => ` ${mark}`).join('')
    const label = row.addrs.length === 0 ? '???' : `${host(row.addrs[0])}${marks}`
    return { ...row, label }
  })
  // Long names widen the host column for the whole table, so the numbers stay in columns.
  const width = Math.max(HOST_WIDTH, ...rows.map(row => row.label.length))
  const header = `HOST: ${v.name}${t.srcAddr === undefined ? '' : ` (${t.srcAddr})`} -> ${t.target}`
  const lines = [`${header.padEnd(PREFIX_WIDTH + width)} ${columns(COLUMNS)}`]
  for (const { hop, stats, addrs, label } of rows) {
    lines.push(`${String(hop.ttl).padStart(3)}.|-- ${label.padEnd(width)} ${numbers(stats)}`)
    for (const other of addrs.slice(1)) lines.push(`    |   ${host(other)}`)
  }
  return lines.join('\n') + '\n'
}

function numbers (s: HopStats): string {
  const ms = (x: number): string => x.toFixed(1)
  return columns([
    `${s.lossPct.toFixed(1)}%`, String(s.sent), ms(s.last), ms(s.avg), ms(s.best), ms(s.worst), ms(s.stdev), ms(s.javg)
  ])
}

function columns (cells: string[]): string {
  return cells.map((cell, i) => cell.padStart(WIDTHS[i])).join(' ')
}
