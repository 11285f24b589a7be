// The trace on show: its rows as results land (one per vantage point, in arrival order), the map redrawn with
// them, and the summary line at the end. The same view serves a live trace and one opened from the history.

import { summaryLine } from '../../format/lines.js'
import { cutOffCount } from '../../format/vantage.js'
import type { AddressAnnotation, Annotations, SummaryView, VantageView } from '../../model/index.js'
import { MapView } from './map-view.js'
import { renderRow } from './rows.js'

export interface TraceElements {
  section: HTMLElement
  title: HTMLElement
  status: HTMLElement
  rows: HTMLOListElement
  summary: HTMLElement
  map: HTMLElement
}

export class TraceView {
  private readonly el: TraceElements
  private readonly map: MapView
  /** By peer: a result replayed after a reconnect replaces its row instead of adding one. */
  private readonly views = new Map<string, VantageView>()
  private readonly rowOf = new Map<string, HTMLLIElement>()
  /** What the node knows of the hop addresses (names, AS numbers), from every result so far. */
  private readonly annotations = new Map<string, AddressAnnotation>()
  private target: string | undefined
  private id: string | undefined

  constructor (elements: TraceElements) {
    this.el = elements
    this.map = new MapView(elements.map)
  }

  get currentId (): string | undefined {
    return this.id
  }

  /** Empties the view for trace `id`; `target` if known (else the first result or the summary says it). */
  reset (id: string, target?: string): void {
    this.id = id
    this.target = target
    this.views.clear()
    this.rowOf.clear()
    this.annotations.clear()
    this.el.rows.replaceChildren()
    this.el.summary.hidden = true
    this.el.summary.textContent = ''
    this.map.clear()
    this.el.section.hidden = false
    this.el.section.dataset.id = id
    this.el.section.dataset.state = 'running'
    this.showTitle()
    this.setStatus('waiting for the first vantage point…', 'running')
  }

  hide (): void {
    this.id = undefined
    this.map.clear()
    this.el.section.hidden = true
  }

  addResult (view: VantageView, annotations: Annotations = new Map()): void {
    this.target ??= view.trace?.target
    this.views.set(view.peer, view)
    for (const [addr, known] of annotations) this.annotations.set(addr, known)
    const row = renderRow(view, this.annotations)
    const old = this.rowOf.get(view.peer)
    if (old === undefined) this.el.rows.append(row)
    else old.replaceWith(row)
    this.rowOf.set(view.peer, row)
    this.showTitle()
    this.setStatus(`running: ${this.views.size} vantage point${this.views.size === 1 ? '' : 's'} so far`, 'running')
    this.map.schedule(() => this.mapState())
  }

  finish (summary: SummaryView): void {
    this.target = summary.target
    this.showTitle()
    this.el.summary.textContent = summaryLine(summary, cutOffCount(this.views.values()))
    this.el.summary.hidden = false
    this.el.section.dataset.state = 'done'
    this.setStatus('done', 'done')
    this.map.schedule(() => this.mapState())
    this.map.flush()
  }

  fail (reason: string): void {
    this.el.section.dataset.state = 'failed'
    this.setStatus(reason, 'error')
  }

  interrupted (): void {
    this.setStatus('connection lost; reconnecting…', 'running')
  }

  private mapState (): { target: string, views: VantageView[], annotations: Annotations } {
    return { target: this.target ?? '?', views: [...this.views.values()], annotations: this.annotations }
  }

  private showTitle (): void {
    this.el.title.textContent = this.target === undefined ? `trace ${this.id ?? ''}` : `paths to ${this.target}`
  }

  private setStatus (text: string, kind: 'running' | 'done' | 'error'): void {
    this.el.status.textContent = text
    this.el.status.className = `status ${kind}`
  }
}
