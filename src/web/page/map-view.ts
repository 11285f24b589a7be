// The network map on the page: the same graph and SVG as `peertrace trace --map` (src/format/map-graph.ts and
// map-svg.ts, bundled), parsed as XML and put in place; redrawn at most every REDRAW_MS while results land.

import { buildMapGraph } from '../../format/map-graph.js'
import { renderMapSvg } from '../../format/map-svg.js'
import type { Annotations, VantageView } from '../../model/index.js'

/** What the map shows: the paths, and the names and AS numbers its routers are labelled with. */
interface MapState { target: string, views: VantageView[], annotations?: Annotations }

/** A burst of results costs one layout, not one each. */
const REDRAW_MS = 100

export class MapView {
  private readonly container: HTMLElement
  private timer: ReturnType<typeof setTimeout> | undefined
  private pending: (() => MapState) | undefined

  constructor (container: HTMLElement) {
    this.container = container
  }

  /** Redraws soon with whatever `state` returns then. */
  schedule (state: () => MapState): void {
    this.pending = state
    this.timer ??= setTimeout(() => { this.flush() }, REDRAW_MS)
  }

  /** Redraws now (the trace is over: no reason to wait). */
  flush (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const state = this.pending
    this.pending = undefined
    if (state !== undefined) this.draw(state())
  }

  clear (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending = undefined
    this.container.replaceChildren()
  }

  private draw ({ target, views, annotations }: MapState): void {
    const svg = renderMapSvg(buildMapGraph(target, views, annotations))
    // Parsed as XML, not assigned as HTML: every label is escaped text already, and nothing in it can run.
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    if (doc.documentElement.nodeName !== 'svg') return
    this.container.replaceChildren(document.importNode(doc.documentElement, true))
  }
}
