// The network map as a standalone SVG: the plain graph of map-graph.ts laid out by dagre (layered, left to right:
// vantage points on the left, the target on the right), every text escaped, no external references.

import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre'
import type { MapGraph, MapNode } from './map-graph.js'

/** Text metrics: a monospace font's advance is ~0.6 em, so a label's width follows from its length. */
const NODE_FONT_PX = 13
export const EDGE_FONT_PX = 11
const ADVANCE_EM = 0.62
const NODE_PAD_X = 10
const NODE_HEIGHT = 26
const EDGE_LABEL_HEIGHT = 14
const ARROW_PX = 7

const LAYOUT = { rankdir: 'LR', nodesep: 14, edgesep: 8, ranksep: 36, marginx: 16, marginy: 16 } as const

const STYLE = `
svg.peertrace-map { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; background: #fff; }
.node rect { fill: #fff; stroke: #555; stroke-width: 1; }
.node text { font-size: ${NODE_FONT_PX}px; fill: #111; }
.node.vantage rect { fill: #dbe8ff; stroke: #2458b3; stroke-width: 1.5; }
.node.target rect { fill: #dcf5dc; stroke: #2a7a2a; stroke-width: 1.5; }
.node.silent rect { fill: #f4f4f4; stroke: #999; stroke-dasharray: 3 3; }
.node.silent text { fill: #777; }
.node.unreachable rect { fill: #ffe1e1; stroke: #c0392b; stroke-width: 1.5; }
.node.unreachable text { fill: #8e1b10; }
.node.cut-off rect { fill: #fff6e0; stroke: #b7791f; stroke-dasharray: 4 2; }
.node.cut-off text { fill: #7a4f0e; font-style: italic; }
.node.failed rect { fill: #fbeeee; stroke: #c0392b; stroke-dasharray: 2 2; }
.node.failed text { fill: #8e1b10; }
.edge path { fill: none; stroke: #888; stroke-width: 1.2; }
.edge polygon { fill: #888; }
.edge rect { fill: #fff; }
.edge text { font-size: ${EDGE_FONT_PX}px; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
`

export interface Box { x: number, y: number, width: number, height: number }

/** The width a label needs at `fontPx` in a monospace font, padding not included. */
export function textWidth (text: string, fontPx: number): number {
  return [...text].length * fontPx * ADVANCE_EM
}

export function renderMapSvg (graph: MapGraph): string {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>()
  g.setGraph({ ...LAYOUT })
  g.setDefaultEdgeLabel(() => ({}))
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: Math.ceil(textWidth(node.label, NODE_FONT_PX)) + 2 * NODE_PAD_X, height: NODE_HEIGHT })
  }
  for (const edge of graph.edges) {
    g.setEdge(edge.from, edge.to, edge.label === undefined
      ? {}
      : { width: Math.ceil(textWidth(edge.label, EDGE_FONT_PX)) + 4, height: EDGE_LABEL_HEIGHT, labelpos: 'c' })
  }
  dagre.layout(g)
  const size: GraphLabel = g.graph()
  const width = Math.ceil(size.width ?? 0)
  const height = Math.ceil(size.height ?? 0)

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="peertrace-map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<style>${STYLE}</style>`
  ]
  // Edges first, so nodes paint over their ends.
  for (const edge of graph.edges) {
    const laid: EdgeLabel = g.edge(edge.from, edge.to)
    const points: Point[] = laid.points ?? []
    out.push(`<g class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}">`)
    if (points.length > 0) {
      out.push(`<path d="${points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join(' ')}"/>`)
      if (points.length > 1) out.push(arrowHead(points[points.length - 2], points[points.length - 1]))
    }
    if (edge.label !== undefined && laid.x !== undefined && laid.y !== undefined) {
      // A white box under the label: the line it sits on does not show through its spaces (`<1 ms`).
      const w = textWidth(edge.label, EDGE_FONT_PX) + 2
      out.push(`<rect x="${num(laid.x - w / 2)}" y="${num(laid.y - EDGE_FONT_PX / 2)}" width="${num(w)}" height="${EDGE_FONT_PX}"/>`)
      out.push(`<text x="${num(laid.x)}" y="${num(laid.y)}" text-anchor="middle" dominant-baseline="central">${escapeXml(edge.label)}</text>`)
    }
    out.push('</g>')
  }
  for (const node of graph.nodes) out.push(nodeSvg(node, nodeBox(g.node(node.id))))
  out.push('</svg>')
  return out.join('\n') + '\n'
}

function nodeBox (laid: { x?: number, y?: number, width: number, height: number }): Box {
  // dagre gives the centre; SVG wants the top-left corner.
  return { x: (laid.x ?? 0) - laid.width / 2, y: (laid.y ?? 0) - laid.height / 2, width: laid.width, height: laid.height }
}

function nodeSvg (node: MapNode, box: Box): string {
  return [
    `<g class="node ${node.kind}" data-id="${escapeXml(node.id)}">`,
    `<title>${escapeXml(node.title ?? node.label)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="4" ry="4"/>`,
    `<text x="${num(box.x + box.width / 2)}" y="${num(box.y + box.height / 2)}" text-anchor="middle" dominant-baseline="central">${escapeXml(node.label)}</text>`,
    '</g>'
  ].join('')
}

/** A small filled triangle at `to`, pointing away from `from` (drawn, not a marker, so nothing needs url()). */
function arrowHead (from: { x: number, y: number }, to: { x: number, y: number }): string {
  const len = Math.hypot(to.x - from.x, to.y - from.y)
  if (len === 0) return ''
  const ux = (to.x - from.x) / len
  const uy = (to.y - from.y) / len
  const bx = to.x - ux * ARROW_PX
  const by = to.y - uy * ARROW_PX
  const half = ARROW_PX / 2
  const pts = [[to.x, to.y], [bx - uy * half, by + ux * half], [bx + uy * half, by - ux * half]]
  return `<polygon points="${pts.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}"/>`
}

function num (n: number): string {
  return String(Math.round(n * 10) / 10)
}

export function escapeXml (text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}
