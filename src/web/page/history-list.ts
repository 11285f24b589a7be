// The node's history on the page: one link per trace (newest first) to the trace's own URL, /traces/<id>.

import type { HistoryEntry } from '../../model/index.js'

export function renderHistory (list: HTMLElement, entries: HistoryEntry[], currentId: string | undefined): void {
  list.replaceChildren(...entries.map(entry => {
    const item = document.createElement('li')
    item.dataset.id = entry.id
    if (entry.id === currentId) item.className = 'current'
    const link = document.createElement('a')
    link.href = `/traces/${entry.id}`
    const when = document.createElement('span')
    when.className = 'when'
    when.textContent = formatTime(entry.startedAt)
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

/** Local time, `YYYY-MM-DD HH:MM:SS`: sortable, and the same in every browser locale. */
function formatTime (ms: number): string {
  const d = new Date(ms)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}
