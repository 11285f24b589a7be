// The map's layout off the event loop: a worker thread given one map graph (workerData) posts back its SVG. The
// server (map-renderer.ts) ends the worker if it takes too long, so a dense map can never stall the node.

import { parentPort, workerData } from 'node:worker_threads'
import type { MapGraph } from '../../format/map-graph.js'
import { renderMapSvg } from '../../format/map-svg.js'

parentPort?.postMessage(renderMapSvg(workerData as MapGraph))
