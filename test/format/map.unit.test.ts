// The network map: the merge rules (shared hops once, ECMP forks, per-path silent placeholders, unreachable
// marks), read back from the SVG it writes; text escaping; and a large map whose node boxes must not overlap.

import assert from 'node:assert/strict'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { EDGE_FONT_PX, renderMapSvg, textWidth, type Box } from '../../src/format/map-svg.js'
import type { VantageView } from '../../src/model/index.js'
import { TARGET, assertBalancedTags, parseSvg, trace, view, type SvgNode } from './map-fixtures.js'

const ODD = 'p<C>&"\'' // a peer id that needs escaping in an attribute

const views: VantageView[] = [
  view('pA', 'alpha', trace([
    { ttl: 1, addr: '10.0.0.1', rtts: [1, 1, 1] },
    { ttl: 2, addr: '10.1.0.1', rtts: [3, 4, 5], addrs: ['10.1.0.1', '10.1.0.2'] },
    { ttl: 3, addr: null, rtts: [] },
    { ttl: 4, addr: '192.0.2.1', rtts: [10, 10, 11] },
    { ttl: 5, addr: TARGET, rtts: [12, 12, 12] }
  ], true)),
  view('pB', 'beta', trace([
    { ttl: 1, addr: '10.2.0.1', rtts: [2] },
    { ttl: 2, addr: null, rtts: [] },
    { ttl: 3, addr: '192.0.2.1', rtts: [9] },
    { ttl: 4, addr: TARGET, rtts: [11] }
  ], true)),
  view(ODD, 'gamma <&> "c"', trace([
    { ttl: 1, addr: '10.3.0.1', rtts: [1] },
    { ttl: 2, addr: '198.51.100.1', rtts: [5, 5], flag: '!H' }
  ], false)),
  view('pD', 'delta', undefined)
]

describe('network map', () => {
  const svg = renderMapSvg(buildMapGraph(TARGET, views))
  const { nodes, edges } = parseSvg(svg)

  it('has exactly one node per vantage point, router address, silent hop of each path, and the target', () => {
    const kinds = Object.fromEntries(nodes.map(n => [n.id, n.kind]))
    assert.equal(nodes.length, Object.keys(kinds).length, 'node ids are unique')
    assert.deepEqual(kinds, {
      target: 'target',
      'vantage:pA': 'vantage',
      'vantage:pB': 'vantage',
      [`vantage:${ODD}`]: 'vantage',
      failed: 'failed',
      'addr:10.0.0.1': 'router',
      'addr:10.1.0.1': 'router',
      'addr:10.1.0.2': 'router',
      'silent:pA:3': 'silent',
      'addr:192.0.2.1': 'router',
      'addr:10.2.0.1': 'router',
      'silent:pB:2': 'silent',
      'addr:10.3.0.1': 'router',
      'addr:198.51.100.1': 'unreachable'
    })
  })

  it('labels nodes: names, addresses, * for silence, the flag after an unreachable hop', () => {
    const label = (id: string): string | undefined => nodes.find(n => n.id === id)?.label
    assert.equal(label('vantage:pA'), 'alpha')
    assert.equal(label(`vantage:${ODD}`), 'gamma <&> "c"')
    assert.equal(label('failed'), '1 failed: delta (probe)')
    assert.equal(label('addr:198.51.100.1'), '198.51.100.1 !H')
    assert.equal(label('silent:pA:3'), '*')
    assert.equal(label('silent:pB:2'), '*')
    assert.equal(label('target'), TARGET)
  })

  it('draws each hop pair once, forks at ECMP, and labels edges with the median RTT difference', () => {
    const got = edges.map(e => `${e.from} -> ${e.to}${e.label === undefined ? '' : ` [${e.label}]`}`).sort()
    assert.equal(new Set(got).size, got.length, 'no edge drawn twice')
    assert.deepEqual(got, [
      'vantage:pA -> addr:10.0.0.1 [1.0 ms]',
      'addr:10.0.0.1 -> addr:10.1.0.1 [3.0 ms]',
      'addr:10.0.0.1 -> addr:10.1.0.2 [3.0 ms]',
      'addr:10.1.0.1 -> silent:pA:3',
      'addr:10.1.0.2 -> silent:pA:3',
      'silent:pA:3 -> addr:192.0.2.1',
      'addr:192.0.2.1 -> target [2.0 ms]',
      'vantage:pB -> addr:10.2.0.1 [2.0 ms]',
      'addr:10.2.0.1 -> silent:pB:2',
      'silent:pB:2 -> addr:192.0.2.1',
      `vantage:${ODD} -> addr:10.3.0.1 [1.0 ms]`,
      'addr:10.3.0.1 -> addr:198.51.100.1 [4.0 ms]'
    ].sort())
  })

  it('lists failed vantage points in one compact node, by name up to 3, every reason in its tooltip', () => {
    const failures = ['e1', 'e2', 'e3', 'e4', 'e5'].map((name, i): VantageView => i === 1
      ? { peer: `p${name}`, name }
      : { peer: `p${name}`, name, error: { code: i === 0 ? 'ERR_TARGET_POLICY' : 'ERR_PROBE', message: `refused <${i}>` } })
    const graph = buildMapGraph(TARGET, [...views.slice(0, 1), ...failures])
    const failed = graph.nodes.filter(n => n.kind === 'failed')
    assert.deepEqual(failed, [{
      id: 'failed',
      kind: 'failed',
      label: '5 failed: e1 (policy), e2 (no result), e3 (probe) and 2 more',
      title: 'e1: ERR_TARGET_POLICY: refused <0>\ne2: no result\ne3: ERR_PROBE: refused <2>\ne4: ERR_PROBE: refused <3>\ne5: ERR_PROBE: refused <4>'
    }])
    assert.deepEqual(graph.nodes.filter(n => n.kind === 'vantage').map(n => n.id), ['vantage:pA'])
    assert.ok(!graph.edges.some(e => e.from === 'failed' || e.to === 'failed'), 'no edge to the failed node')
    const svg = renderMapSvg(graph)
    assert.ok(svg.includes('<title>e1: ERR_TARGET_POLICY: refused &lt;0&gt;\ne2: no result'), 'the tooltip, escaped')
  })

  it('escapes every text and attribute', () => {
    assert.ok(!svg.includes('<&>'))
    assert.ok(svg.includes('gamma &lt;&amp;&gt; &quot;c&quot;'))
    assert.ok(svg.includes('data-id="vantage:p&lt;C&gt;&amp;&quot;&#39;"'))
    assertBalancedTags(svg)
  })

  it('lays out left to right: vantage points left of the routers, the target rightmost', () => {
    const target = nodes.find(n => n.kind === 'target') as SvgNode
    for (const n of nodes) {
      if (n.kind !== 'target') assert.ok(n.x < target.x, `${n.id} left of the target`)
    }
    const a = nodes.find(n => n.id === 'vantage:pA') as SvgNode
    const first = nodes.find(n => n.id === 'addr:10.0.0.1') as SvgNode
    assert.ok(a.x + a.width < first.x)
  })

  it('keeps node boxes apart and wide enough for their labels with 8 vantage points x 30 hops', () => {
    const big = largeViews(8, 30)
    const map = parseSvg(renderMapSvg(buildMapGraph(TARGET, big)))
    assert.ok(map.nodes.length > 8 * 20, `${map.nodes.length} nodes`)
    for (const n of map.nodes) assert.ok(n.width >= n.label.length * 7, `${n.id} fits its label`)
    for (let i = 0; i < map.nodes.length; i++) {
      for (let j = i + 1; j < map.nodes.length; j++) {
        assert.ok(!overlap(map.nodes[i], map.nodes[j]), `${map.nodes[i].id} overlaps ${map.nodes[j].id}`)
      }
    }
    // Edge labels sit where dagre reserved room for them: on no node.
    const labels = map.edges.filter(e => e.label !== undefined && e.labelAt !== undefined)
    assert.ok(labels.length > 100, `${labels.length} edge labels`)
    for (const e of labels) {
      const width = textWidth(e.label ?? '', EDGE_FONT_PX)
      const box = { x: (e.labelAt?.x ?? 0) - width / 2, y: (e.labelAt?.y ?? 0) - EDGE_FONT_PX / 2, width, height: EDGE_FONT_PX }
      for (const n of map.nodes) assert.ok(!overlap(box, n), `label of ${e.from} -> ${e.to} on ${n.id}`)
    }
  })
})

function overlap (a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/**
 * Eight paths of 30 hops: each its own first 15 hops (with a silent hop and, on odd paths, an ECMP fork), then
 * joining one of two shared cores for the rest, the second core ending unreachable.
 */
function largeViews (vantages: number, hops: number): VantageView[] {
  return Array.from({ length: vantages }, (_, v) => {
    const core = v % 2
    const path: VantageView['trace'] = trace(Array.from({ length: hops }, (_, i) => {
      const ttl = i + 1
      const rtts = [ttl * 1.5 + v, ttl * 1.5 + v + 0.4]
      if (ttl === hops && core === 0) return { ttl, addr: TARGET, rtts }
      if (ttl === hops) return { ttl, addr: `198.51.100.${ttl}`, rtts, flag: '!N' }
      if (ttl === 7) return { ttl, addr: null, rtts: [] }
      if (ttl === 9 && v % 2 === 1) return { ttl, addr: `10.${v}.9.1`, rtts, addrs: [`10.${v}.9.1`, `10.${v}.9.2`, `10.${v}.9.3`] }
      if (ttl <= 15) return { ttl, addr: `10.${v}.${ttl}.1`, rtts }
      return { ttl, addr: `172.16.${core}.${ttl}`, rtts }
    }), core === 0)
    return view(`peer-${v}`, `vantage-point-${v}`, path)
  })
}
