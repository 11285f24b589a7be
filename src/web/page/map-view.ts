// The network map on the page: the same graph and SVG as `peertrace trace --map` (src/format/map-graph.ts and
// map-svg.ts, bundled), parsed as XML and put in a viewport that fits it to the window, with zoom (wheel, +/−) and
// pan (drag); redrawn at most every REDRAW_MS while results land.

import { buildMapGraph } from '../../format/map-graph.js'
import { renderMapSvg } from '../../format/map-svg.js'
import type { Annotations, VantageView } from '../../model/index.js'
import { fitView, panBy, viewBox, zoomAt, type Size, type View } from './map-zoom.js'

/** What the map shows: the paths, and the names and AS numbers its routers are labelled with. */
interface MapState { target: string, views: VantageView[], annotations?: Annotations }

/** A burst of results costs one layout, not one each. */
const REDRAW_MS = 100
/** The viewport is as tall as the map fitted to its width, within these bounds (px; the upper one of the window). */
const MIN_PORT_HEIGHT = 160
const MAX_PORT_HEIGHT_SHARE = 0.7
/** One button press zooms by this; a wheel notch (100 px of deltaY) by about as much. */
const ZOOM_STEP = 1.25
const WHEEL_ZOOM_PER_PX = Math.log(ZOOM_STEP) / 100
/** Lines and pages of a wheel event, in pixels. */
const WHEEL_LINE_PX = 16
const WHEEL_PAGE_PX = 400

export class MapView {
  private readonly container: HTMLElement
  private readonly port: HTMLDivElement
  private readonly zoomText: HTMLSpanElement
  private timer: ReturnType<typeof setTimeout> | undefined
  private pending: (() => MapState) | undefined
  private svg: SVGSVGElement | undefined
  private size: Size = { width: 0, height: 0 }
  private view: View = { x: 0, y: 0, scale: 1 }
  /** The map follows the window (refitted on every redraw and resize) until the user zooms or drags it. */
  private fitted = true
  private drag: { pointer: number, x: number, y: number } | undefined

  constructor (container: HTMLElement) {
    this.container = container
    const tools = document.createElement('div')
    tools.className = 'map-tools'
    this.zoomText = document.createElement('span')
    this.zoomText.className = 'map-zoom'
    tools.append(
      button('map-fit', 'fit', 'show the whole map', () => { this.fit() }),
      button('map-zoom-in', '+', 'zoom in', () => { this.zoomBy(ZOOM_STEP) }),
      button('map-zoom-out', '−', 'zoom out', () => { this.zoomBy(1 / ZOOM_STEP) }),
      this.zoomText,
      hint('wheel: zoom · drag: move')
    )
    this.port = document.createElement('div')
    this.port.className = 'map-port'
    container.replaceChildren(tools, this.port)
    container.hidden = true
    this.listen()
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
    this.svg = undefined
    this.fitted = true
    this.port.replaceChildren()
    this.container.hidden = true
  }

  private draw ({ target, views, annotations }: MapState): void {
    const text = renderMapSvg(buildMapGraph(target, views, annotations))
    // Parsed as XML, not assigned as HTML: every label is escaped text already, and nothing in it can run.
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
    if (doc.documentElement.nodeName !== 'svg') return
    const svg = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement
    this.size = { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) }
    // The viewport sizes the drawing; the viewBox says which part of the map it shows.
    svg.setAttribute('width', '100%')
    svg.setAttribute('height', '100%')
    this.svg = svg
    this.port.replaceChildren(svg)
    this.container.hidden = false
    this.sizePort()
    if (this.fitted) this.fit()
    else this.apply(this.view)
  }

  /** As tall as the map is when fitted to the viewport's width, within the bounds. */
  private sizePort (): void {
    const width = this.port.clientWidth
    if (width === 0 || this.size.width === 0) return
    const natural = this.size.height * Math.min(1, width / this.size.width)
    const height = Math.min(Math.max(natural, MIN_PORT_HEIGHT), Math.max(MIN_PORT_HEIGHT, window.innerHeight * MAX_PORT_HEIGHT_SHARE))
    this.port.style.height = `${Math.ceil(height)}px`
  }

  private portSize (): Size {
    return { width: this.port.clientWidth, height: this.port.clientHeight }
  }

  private fit (): void {
    this.fitted = true
    this.apply(fitView(this.size, this.portSize()))
  }

  private zoomBy (factor: number, px?: number, py?: number): void {
    const port = this.portSize()
    this.fitted = false
    this.apply(zoomAt(this.view, factor, px ?? port.width / 2, py ?? port.height / 2, this.size, port))
  }

  private apply (view: View): void {
    this.view = view
    if (this.svg === undefined) return
    this.svg.setAttribute('viewBox', viewBox(view, this.portSize()))
    this.port.dataset.scale = view.scale.toFixed(3)
    this.port.dataset.fitted = String(this.fitted)
    this.zoomText.textContent = `${Math.round(view.scale * 100)}%`
  }

  private listen (): void {
    this.port.addEventListener('wheel', (event) => {
      if (this.svg === undefined) return
      event.preventDefault()
      const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? WHEEL_LINE_PX : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? WHEEL_PAGE_PX : 1
      const at = this.port.getBoundingClientRect()
      this.zoomBy(Math.exp(-event.deltaY * unit * WHEEL_ZOOM_PER_PX), event.clientX - at.left, event.clientY - at.top)
    }, { passive: false })
    this.port.addEventListener('pointerdown', (event) => {
      if (this.svg === undefined || event.button !== 0) return
      this.drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY }
      this.port.setPointerCapture(event.pointerId)
      this.port.classList.add('dragging')
    })
    this.port.addEventListener('pointermove', (event) => {
      if (this.drag?.pointer !== event.pointerId) return
      const dx = event.clientX - this.drag.x
      const dy = event.clientY - this.drag.y
      if (dx === 0 && dy === 0) return
      this.drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY }
      this.fitted = false
      this.apply(panBy(this.view, dx, dy, this.size, this.portSize()))
    })
    const endDrag = (event: PointerEvent): void => {
      if (this.drag?.pointer !== event.pointerId) return
      this.drag = undefined
      this.port.classList.remove('dragging')
    }
    this.port.addEventListener('pointerup', endDrag)
    this.port.addEventListener('pointercancel', endDrag)
    // A new window width: a fitted map is fitted again, a zoomed one keeps its zoom.
    new ResizeObserver(() => {
      if (this.svg === undefined) return
      this.sizePort()
      if (this.fitted) this.fit()
      else this.apply(this.view)
    }).observe(this.port)
  }
}

function button (id: string, text: string, title: string, action: () => void): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.id = id
  b.textContent = text
  b.title = title
  b.setAttribute('aria-label', title)
  b.addEventListener('click', action)
  return b
}

function hint (text: string): HTMLSpanElement {
  const span = document.createElement('span')
  span.className = 'map-hint'
  span.textContent = text
  return span
}
