// Hand-made vantage views for the network map tests, and a small reader of the SVG the map writes: nodes by their
// data-id, edges by data-from/data-to, each with its class, box and text.

import type { MeasuredTrace } from '../../src/overlay/types.js'
import type { VantageView } from '../../src/model/index.js'

export const TARGET = '203.0.113.9'

type Hops = MeasuredTrace['hops']

export function trace (hops: Hops, reached: boolean, addr = TARGET): MeasuredTrace {
  return { target: addr, addr, method: 'icmp', reached, durationMs: 100, probesSent: hops.length * 3, hops }
}

export const view = (peer: string, name: string, t?: MeasuredTrace): VantageView =>
  t === undefined ? { peer, name, error: { code: 'ERR_PROBE', message: 'no raw socket' } } : { peer, name, trace: t }

export interface SvgNode { id: string, kind: string, label: string, x: number, y: number, width: number, height: number }
export interface SvgEdge { from: string, to: string, label?: string, labelAt?: { x: number, y: number } }

function unescapeXml (text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) =>
    ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '')
}

export function parseSvg (svg: string): { nodes: SvgNode[], edges: SvgEdge[] } {
  const nodes: SvgNode[] = []
  const nodeRe = /<g class="node ([a-z-]+)" data-id="([^"]*)">([\s\S]*?)<\/g>/g
  for (const m of svg.matchAll(nodeRe)) {
    const rect = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(m[3])
    const text = /<text[^>]*>([^<]*)<\/text>/.exec(m[3])
    if (rect === null || text === null) throw new Error(`node ${m[2]} lacks a rect or a text`)
    nodes.push({
      id: unescapeXml(m[2]),
      kind: m[1],
      label: unescapeXml(text[1]),
      x: Number(rect[1]),
      y: Number(rect[2]),
      width: Number(rect[3]),
      height: Number(rect[4])
    })
  }
  const edges: SvgEdge[] = []
  const edgeRe = /<g class="edge" data-from="([^"]*)" data-to="([^"]*)">([\s\S]*?)<\/g>/g
  for (const m of svg.matchAll(edgeRe)) {
    if (!m[3].includes('<path d="M')) throw new Error(`edge ${m[1]} -> ${m[2]} has no path`)
    const text = /<text x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)<\/text>/.exec(m[3])
    const edge: SvgEdge = { from: unescapeXml(m[1]), to: unescapeXml(m[2]) }
    if (text !== null) {
      edge.label = unescapeXml(text[3])
      edge.labelAt = { x: Number(text[1]), y: Number(text[2]) }
    }
    edges.push(edge)
  }
  return { nodes, edges }
}

/** Throws unless every tag closes in order (enough to catch an unescaped '<' or a broken attribute). */
export function assertBalancedTags (xml: string): void {
  const stack: string[] = []
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[4] === '/') continue
    if (m[1] === '/') {
      const open = stack.pop()
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${String(open)}>`)
    } else if (!['meta', '!DOCTYPE'].includes(m[2])) {
      stack.push(m[2])
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`)
  // Whatever is left outside tags is text: it may hold no '<' or '>' and only entity '&'s.
  const text = xml.replace(/<!DOCTYPE[^>]*>/, '').replace(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '')
  if (/[<>]/.test(text)) throw new Error('a raw < or > in text')
  if (/&(?!(lt|gt|quot|#39|amp);)/.test(text)) throw new Error('a raw & in text')
}
