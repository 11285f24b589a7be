// One vantage point as a row of the page: the CLI's lines format (`<name> <ip1> <ip2> …`, '*' for silence, the
// flag after its hop, `(cut off)` after a partial path, or the error), one element per token so that each can be
// styled and read on its own.

import { median } from '../../format/map-graph.js'
import { vantageLine } from '../../format/lines.js'
import { isCutOff } from '../../format/vantage.js'
import { annotatedAddress, NO_ANNOTATIONS, type Annotations, type VantageView } from '../../model/index.js'

/** `annotations`: an address with a known name or AS shows as `name (addr) [AS64500]`, the AS's name on hover. */
export function renderRow (view: VantageView, annotations: Annotations = NO_ANNOTATIONS): HTMLLIElement {
  const row = document.createElement('li')
  row.className = 'row'
  row.dataset.peer = view.peer
  row.dataset.name = view.name
  // The exact line `peertrace trace` prints for this vantage point, on hover and for anyone reading the DOM.
  row.title = vantageLine(view, { annotations })
  const parts: HTMLElement[] = [token('name', view.name)]
  if (view.error !== undefined) {
    parts.push(token('error', `error: ${view.error.message}`))
  } else if (view.trace === undefined) {
    parts.push(token('error', 'error: no result'))
  } else {
    for (const hop of view.trace.hops) {
      const hopToken = token(hop.addr === null ? 'hop silent' : 'hop', hop.addr === null ? '*' : annotatedAddress(hop.addr, annotations))
      const rtt = median(hop.rtts)
      const asName = hop.addr === null ? undefined : annotations.get(hop.addr)?.asName
      hopToken.title = `TTL ${hop.ttl}${rtt === undefined ? '' : `, ${rtt.toFixed(2)} ms`}${asName === undefined ? '' : `, ${asName}`}` +
        `${(hop.addrs?.length ?? 0) > 1 ? `, also ${hop.addrs?.map(a => annotatedAddress(a, annotations)).join(' ') ?? ''}` : ''}`
      parts.push(hopToken)
      if (hop.flag !== undefined) parts.push(token('flag', hop.flag))
    }
    if (isCutOff(view.trace)) parts.push(token('note cut-off', '(cut off)'))
    else if (!view.trace.reached && view.trace.hops.every(h => h.flag === undefined)) parts.push(token('note', '(not reached)'))
  }
  parts.forEach((part, i) => {
    if (i > 0) row.append(' ')
    row.append(part)
  })
  return row
}

function token (className: string, text: string): HTMLSpanElement {
  const span = document.createElement('span')
  span.className = className
  span.textContent = text
  return span
}
