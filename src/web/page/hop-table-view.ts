// A vantage point's hops as a table under its row, folded until asked for: what `peertrace trace -F table` prints
// (hop, host, loss, probes sent, last/avg/best/worst RTT, standard deviation, mean jitter), from the same rows
// (format/hop-table.ts), so the page and the CLI never disagree; with `--rounds`, from the rounds' probes alone.

import { hopTableRows, type HopTableRow } from '../../format/hop-table.js'
import type { HopStats } from '../../format/hop-stats.js'
import type { Annotations, MeasuredTrace, VantageView } from '../../model/index.js'

/** The RTT columns: header, what it means on hover, and the statistic. */
const RTT_COLUMNS: Array<[string, string, (s: HopStats) => number]> = [
  ['Last', 'the last answered probe', s => s.last],
  ['Avg', 'mean of the answered probes', s => s.avg],
  ['Best', 'least RTT', s => s.best],
  ['Worst', 'greatest RTT', s => s.worst],
  ['StDev', 'sample standard deviation of the RTTs', s => s.stdev],
  ['Javg', 'mean jitter: mean difference of consecutive answered RTTs', s => s.javg]
]

/**
 * Appends the hop table (a closed <details>) to `row` when the vantage point has a path; keeps it open if the row it
 * replaces (`old`, the same vantage point's result replayed after a reconnect) had it open.
 */
export function appendHopTable (row: HTMLElement, view: VantageView, annotations: Annotations, old?: HTMLElement): void {
  if (view.trace === undefined) return
  const details = document.createElement('details')
  details.className = 'hop-table'
  // The row's title (the CLI's line) would otherwise be the tooltip of every cell without one of its own.
  details.title = ''
  details.open = old?.querySelector<HTMLDetailsElement>(':scope > details.hop-table')?.open ?? false
  const summary = document.createElement('summary')
  const hops = view.trace.hops.length
  summary.textContent = `hop table (${hops} hop${hops === 1 ? '' : 's'})`
  details.append(summary, hopTable(view.name, view.trace, annotations))
  row.append(details)
}

function hopTable (name: string, trace: MeasuredTrace, annotations: Annotations): HTMLTableElement {
  const table = document.createElement('table')
  const rounds = Math.max(0, ...trace.hops.flatMap(h => h.probes ?? []).map(p => p.round ?? 0))
  const caption = document.createElement('caption')
  caption.textContent = `${name} to ${trace.target}: RTTs in ms` +
    (rounds > 0 ? `, from the ${rounds} round${rounds === 1 ? '' : 's'}' probes` : '')
  table.append(caption)
  const head = table.createTHead().insertRow()
  const headers: Array<[string, string]> = [
    ['Hop', 'TTL'], ['Host', 'name and AS, where known'], ['Address', 'who answered'],
    ['Loss%', 'share of the probes sent that got no answer'], ['Sent', 'probes sent'],
    ...RTT_COLUMNS.map(([label, title]): [string, string] => [label, `${title} (ms)`])
  ]
  headers.forEach(([label, title], i) => {
    const th = document.createElement('th')
    th.scope = 'col'
    if (i >= 3) th.className = 'num'
    th.textContent = label
    th.title = title
    head.append(th)
  })
  const body = table.createTBody()
  for (const row of hopTableRows(trace)) body.append(hopRow(row, annotations))
  return table
}

function hopRow ({ hop, stats, addrs }: HopTableRow, annotations: Annotations): HTMLTableRowElement {
  const tr = document.createElement('tr')
  if (addrs.length === 0) tr.className = 'silent'
  const ttl = document.createElement('th')
  ttl.scope = 'row'
  ttl.textContent = String(hop.ttl)
  tr.append(ttl)
  // One line per address that answered, the name and AS beside the address they belong to.
  const host = cell('host')
  const address = cell('addr')
  for (const addr of addrs) {
    const known = annotations.get(addr)
    const label = [known?.name, known?.asn === undefined ? undefined : `[AS${known.asn}]`].filter(x => x !== undefined).join(' ')
    const hostLine = line(label)
    if (known?.asName !== undefined) hostLine.title = known.asName
    host.append(hostLine)
    address.append(line(addr))
  }
  if (addrs.length === 0) address.append(line('*'))
  if (hop.flag !== undefined) {
    const flag = document.createElement('span')
    // Not `.flag`: that names the row's own tokens, which tests and readers pick out of the row.
    flag.className = 'hop-flag'
    flag.textContent = hop.flag
    address.firstElementChild?.append(' ', flag)
  }
  tr.append(host, address)
  tr.append(cell('num', `${stats.lossPct.toFixed(1)}%`), cell('num', String(stats.sent)))
  // mtr prints 0.0 for a hop that never answered; a dash says it better.
  const answered = stats.rtts.length > 0
  for (const [, , value] of RTT_COLUMNS) tr.append(cell('num', answered ? value(stats).toFixed(2) : '–'))
  return tr
}

function cell (className: string, text?: string): HTMLTableCellElement {
  const td = document.createElement('td')
  td.className = className
  if (text !== undefined) td.textContent = text
  return td
}

function line (text: string): HTMLSpanElement {
  const span = document.createElement('span')
  span.className = 'line'
  span.textContent = text
  return span
}
