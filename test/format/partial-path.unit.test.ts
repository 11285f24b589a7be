// Partial paths (a trace cut off by the deadline, `stop: 'deadline'`) in every output: lines, summary, tree, map
// and the probe's text; and the seed's lines format unchanged, word for word, for traces that ended any other way.

import assert from 'node:assert/strict'
import { summaryLine, vantageLine } from '../../src/format/lines.js'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { renderMapSvg } from '../../src/format/map-svg.js'
import { formatTraceText } from '../../src/format/trace-text.js'
import { formatTree } from '../../src/format/tree.js'
import { cutOffCount } from '../../src/format/vantage.js'
import type { VantageView } from '../../src/model/index.js'
import type { MeasuredTrace, StopReason } from '../../src/overlay/types.js'
import { TARGET, parseSvg, trace, view } from './map-fixtures.js'

const stopped = (t: MeasuredTrace, stop: StopReason): MeasuredTrace => ({ ...t, stop })

const reached = trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: TARGET, rtts: [2] }], true)
const gap = trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: null, rtts: [] }], false)
const unreachable = trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: '10.0.9.1', rtts: [3], flag: '!N' }], false)
const partial = stopped(trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: null, rtts: [] }, { ttl: 3, addr: '10.0.3.1', rtts: [4] }], false), 'deadline')
const nothingYet = stopped(trace([], false), 'deadline')

describe('partial paths in the output formats', () => {
  it('lines: a complete trace prints as the seed did, whatever its stop reason', () => {
    const cases: Array<[MeasuredTrace, StopReason, string]> = [
      [reached, 'reached', 'a 10.0.0.1 203.0.113.9'],
      [gap, 'gap', 'a 10.0.0.1 * (not reached)'],
      [gap, 'max-hops', 'a 10.0.0.1 * (not reached)'],
      [gap, 'loop', 'a 10.0.0.1 * (not reached)'],
      [unreachable, 'unreachable', 'a 10.0.0.1 10.0.9.1 !N']
    ]
    for (const [t, stop, line] of cases) {
      assert.equal(vantageLine(view('pA', 'a', t)), line, `without stop (an older peer): ${stop}`)
      assert.equal(vantageLine(view('pA', 'a', stopped(t, stop))), line, stop)
    }
  })

  it('lines: a partial path ends in (cut off), even one cut off before its first hop', () => {
    assert.equal(vantageLine(view('pA', 'a', partial)), 'a 10.0.0.1 * 10.0.3.1 (cut off)')
    assert.equal(vantageLine(view('pA', 'a', nothingYet)), 'a (cut off)')
  })

  it('summary: partial paths are answers, and the line says how many were cut off', () => {
    const views: VantageView[] = [view('pA', 'a', partial), view('pB', 'b', reached), view('pC', 'c', nothingYet), view('pD', 'd')]
    assert.equal(cutOffCount(views), 2)
    const summary = { target: TARGET, answered: 3, failed: [{ peer: 'pD', name: 'd', reason: 'ERR_PROBE: no raw socket' }], unverified: 0, durationMs: 2500 }
    assert.equal(summaryLine(summary, cutOffCount(views)), 'answered 3/4 (2 cut off), failed: d (probe), 2.50 s')
    assert.equal(summaryLine(summary), 'answered 3/4, failed: d (probe), 2.50 s')
  })

  it('tree: partial paths hang under (cut off), apart from the paths that were not reached', () => {
    const views = [view('pA', 'a', partial), view('pB', 'b', reached), view('pC', 'c', stopped(gap, 'gap')), view('pE', 'e', nothingYet)]
    assert.equal(formatTree(TARGET, views), [
      '203.0.113.9 (target)  2.000 ms',
      '└─ 10.0.0.1  1.000 ms  <- b',
      '(not reached)',
      '└─ *',
      '   └─ 10.0.0.1  1.000 ms  <- c',
      '(cut off)  <- e',
      '└─ 10.0.3.1  4.000 ms',
      '   └─ *',
      '      └─ 10.0.0.1  1.000 ms  <- a',
      ''
    ].join('\n'))
  })

  it('map: a partial path ends in a (cut off) mark of its own, drawn as such', () => {
    const views = [view('pA', 'a', partial), view('pB', 'b', reached), view('pE', 'e', nothingYet)]
    const graph = buildMapGraph(TARGET, views)
    const cutOffNodes = graph.nodes.filter(n => n.kind === 'cut-off')
    assert.deepEqual(cutOffNodes, [
      { id: 'cut-off:pA', label: '(cut off)', kind: 'cut-off' },
      { id: 'cut-off:pE', label: '(cut off)', kind: 'cut-off' }
    ])
    const into = (id: string): string[] => graph.edges.filter(e => e.to === id).map(e => e.from)
    assert.deepEqual(into('cut-off:pA'), ['addr:10.0.3.1'])
    assert.deepEqual(into('cut-off:pE'), ['vantage:pE'])
    assert.ok(graph.edges.every(e => e.from !== 'addr:10.0.3.1' || e.to === 'cut-off:pA'), 'the partial path leads nowhere else')
    const { nodes } = parseSvg(renderMapSvg(graph))
    assert.deepEqual(nodes.filter(n => n.kind === 'cut-off').map(n => [n.id, n.label]), [['cut-off:pA', '(cut off)'], ['cut-off:pE', '(cut off)']])
    // A complete trace gets no mark.
    assert.equal(buildMapGraph(TARGET, [view('pB', 'b', stopped(reached, 'reached'))]).nodes.some(n => n.kind === 'cut-off'), false)
  })

  it('probe text: a trace cut off says so after its hops; a complete one is unchanged', () => {
    const options = { maxHops: 30, queries: 1 }
    const engineTrace = (t: MeasuredTrace) => ({ ...t, method: 'icmp' as const, stop: t.stop ?? 'deadline', startedAt: 0 })
    assert.equal(formatTraceText(engineTrace(partial), options), [
      'peertrace to 203.0.113.9 (203.0.113.9), 30 hops max, icmp probes',
      ' 1  10.0.0.1  1.000 ms',
      ' 2  *',
      ' 3  10.0.3.1  4.000 ms',
      'stopped: cut off (the hops so far)',
      ''
    ].join('\n'))
    assert.match(formatTraceText(engineTrace(stopped(gap, 'gap')), options), /\nstopped: no answer past the last hop \(gap limit\)\n$/)
    assert.doesNotMatch(formatTraceText(engineTrace(stopped(reached, 'reached')), options), /stopped/)
  })
})
