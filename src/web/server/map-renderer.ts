// GET /api/traces/<id>/map.svg with bounded work: a graph past MAX_MAP_NODES or MAX_MAP_EDGES is refused (413)
// before any layout; the layout (dagre, super-linear in the edges) runs in a worker thread that is ended after
// MAP_LAYOUT_TIMEOUT_MS (503), and at most MAX_MAP_LAYOUTS run at once (503). The event loop never lays out a map.

import { Worker } from 'node:worker_threads'
import type { MapGraph } from '../../format/map-graph.js'
import { systemClock, type Clock } from '../../time/clock.js'
import { MAP_LAYOUT_TIMEOUT_MS, MAX_MAP_EDGES, MAX_MAP_LAYOUTS, MAX_MAP_NODES } from './constants.js'
import { HttpError } from './errors.js'

export interface MapRendererInit {
  clock?: Clock
  maxNodes?: number
  maxEdges?: number
  timeoutMs?: number
  maxLayouts?: number
}

const WORKER = new URL('./map-worker.js', import.meta.url)

export class MapRenderer {
  private readonly clock: Clock
  private readonly maxNodes: number
  private readonly maxEdges: number
  private readonly timeoutMs: number
  private readonly maxLayouts: number
  private readonly running = new Set<Worker>()

  constructor (init: MapRendererInit = {}) {
    this.clock = init.clock ?? systemClock
    this.maxNodes = init.maxNodes ?? MAX_MAP_NODES
    this.maxEdges = init.maxEdges ?? MAX_MAP_EDGES
    this.timeoutMs = init.timeoutMs ?? MAP_LAYOUT_TIMEOUT_MS
    this.maxLayouts = init.maxLayouts ?? MAX_MAP_LAYOUTS
  }

  /** The graph's SVG; throws an HttpError (413 too large, 503 busy or too slow) instead of doing unbounded work. */
  async render (graph: MapGraph): Promise<string> {
    if (graph.nodes.length > this.maxNodes || graph.edges.length > this.maxEdges) {
      throw new HttpError(413, `the map is too large to draw: ${graph.nodes.length} nodes and ${graph.edges.length} edges ` +
        `(at most ${this.maxNodes} and ${this.maxEdges})`)
    }
    if (this.running.size >= this.maxLayouts) {
      throw new HttpError(503, `${this.running.size} maps are being drawn already: try again later`)
    }
    const worker = new Worker(WORKER, { workerData: graph })
    this.running.add(worker)
    try {
      return await new Promise<string>((resolve, reject) => {
        const cancel = this.clock.setTimer(() => {
          reject(new HttpError(503, `the map took longer than ${this.timeoutMs} ms to draw`))
          void worker.terminate()
        }, this.timeoutMs)
        worker.once('message', (svg: string) => { cancel(); resolve(svg) })
        worker.once('error', (err) => { cancel(); reject(err) })
        worker.once('exit', (code) => { cancel(); reject(new Error(`the map worker exited (${code}) without a map`)) })
      })
    } finally {
      this.running.delete(worker)
      void worker.terminate()
    }
  }

  /** Ends every layout in flight (server shutdown). */
  async close (): Promise<void> {
    await Promise.all([...this.running].map(async worker => await worker.terminate()))
  }
}
