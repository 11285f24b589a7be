// The node's history on the page: one link per trace (newest first) to the trace's own URL, /traces/<id>.

import type { HistoryEntry } from '../../model/index.js'
import { localTime } from './time-text.js'

export function renderHistory (list: HTMLElement, entries: HistoryEntry[], currentId: string | undefined): void {
  list.replaceChildren(...entries.map(entry => {
    const item = document.createElement('li')
    item.dataset.id = entry.id
    if (entry.id === currentId) item.className = 'current'
    const link = document.createElement('a')
    link.href = `/traces/${entry.id}`
    const when = document.createElement('span')
    when.className = 'when'
    when.textContent = localTime(entry.startedAt)
    const target = document.createElement('span')
    target.className = 'target'
    target.textContent = entry.target
    const counts = document.createElement('span')
    counts.className = 'counts'
    counts.textContent = ` ${entry.answered} answered${entry.failed > 0 ? `, ${entry.failed} failed` : ''}`
    link.append(when, target)
    item.append(link, counts)
    return item
  }))
}
