// The line under a trace's title: when it started, what it asked for (method, max hops, queries, rounds, from,
// limit), and its own URL to share, which opens the trace again from the node's history (/traces/<id>).

import type { TraceInfo } from '../../model/index.js'
import { localTimeWithZone } from './time-text.js'

export interface TraceInfoElements {
  line: HTMLElement
  started: HTMLTimeElement
  asked: HTMLElement
  link: HTMLAnchorElement
  copy: HTMLButtonElement
}

/** The trace's URL on this node: what the share link points at. */
function shareUrl (id: string): string {
  return new URL(`/traces/${id}`, location.origin).href
}

export function showTraceInfo (el: TraceInfoElements, info: TraceInfo): void {
  el.started.dateTime = new Date(info.startedAt).toISOString()
  el.started.textContent = localTimeWithZone(info.startedAt)
  el.started.title = new Date(info.startedAt).toISOString()
  const asked = [info.port === undefined ? info.method : `${info.method} port ${info.port}`, `max ${info.maxHops} hops`, `${info.queries} ${info.queries === 1 ? 'query' : 'queries'}`]
  if (info.rounds !== undefined) asked.push(`${info.rounds} ${info.rounds === 1 ? 'round' : 'rounds'}`)
  if (info.from !== undefined) asked.push(`from ${info.from.join(', ')}`)
  if (info.limit !== undefined) asked.push(`limit ${info.limit}`)
  el.asked.textContent = asked.join(', ')
  const url = shareUrl(info.id)
  el.link.href = url
  el.link.textContent = url
  el.copy.textContent = 'copy'
  el.line.hidden = false
}

export function hideTraceInfo (el: TraceInfoElements): void {
  el.line.hidden = true
}

/** The copy button: the link to the clipboard where the browser allows it, else the link selected for the user. */
export function wireCopy (el: TraceInfoElements): void {
  el.copy.addEventListener('click', () => {
    const select = (): void => {
      getSelection()?.selectAllChildren(el.link)
      el.copy.textContent = 'selected: copy it'
    }
    if (navigator.clipboard === undefined) {
      select()
      return
    }
    navigator.clipboard.writeText(el.link.href).then(() => { el.copy.textContent = 'copied' }, select)
  })
}
