// Hop names and AS numbers in every format, from annotations given as data: lines like traceroute (`name (addr)
// [AS64500]`, the seed's tokens exactly when nothing is known), the tree, the mtr-like table, json (hop and probe),
// atlas (per packet) and the map's labels; and the tree's RTTs and its order, the same whatever order results land in.

import assert from 'node:assert/strict'
import { atlasResult } from '../../src/format/atlas.js'
import { formatHopTable } from '../../src/format/hop-table.js'
import { vantageLine } from '../../src/format/lines.js'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { vantageJson } from '../../src/format/ndjson.js'
import { formatTree } from '../../src/format/tree.js'
import { annotationsFromRow, traceAddresses, vantageFromRow, type AddressAnnotation, type VantageRow, type VantageView } from '../../src/model/index.js'
import { Prng } from '../harness/prng.js'
import { TARGET, trace, view } from './map-fixtures.js'

const annotations = new Map<string, AddressAnnotation>([
  ['10.0.0.1', { name: 'gw.example', asn: 64500, asName: 'EXAMPLE-NET' }],
  ['10.0.2.9', { name: 'alt.example' }],
  [TARGET, { asn: 64511 }]
])

const s1: VantageView = {
  peer: 'p1',
  name: 's1',
  trace: {
    target: TARGET, addr: TARGET, method: 'icmp', startedAt: 1_700_000_000_000, srcAddr: '192.0.2.10', reached: true,
    stop: 'reached', durationMs: 1, probesSent: 6,
    hops: [
      { ttl: 1, addr: '10.0.0.1', rtts: [0.5, 0.3], probes: [{ addr: '10.0.0.1', rtt: 0.5 }, { addr: '10.0.0.1', rtt: 0.3 }] },
      { ttl: 2, addr: null, rtts: [], probes: [{ addr: null }] },
      { ttl: 3, addr: '10.0.2.1', rtts: [2, 4], addrs: ['10.0.2.1', '10.0.2.9'], probes: [{ addr: '10.0.2.1', rtt: 2 }, { addr: '10.0.2.9', rtt: 4 }] },
      { ttl: 4, addr: TARGET, rtts: [4.5], probes: [{ addr: TARGET, rtt: 4.5 }] }
    ]
  }
}

describe('annotated hops in every format', () => {
  it('every answering address of a trace, once each', () => {
    assert.deepEqual(traceAddresses(s1.trace), ['10.0.0.1', '10.0.2.1', '10.0.2.9', TARGET])
    assert.deepEqual(traceAddresses(undefined), [])
  })

  it('lines: `name (addr) [ASn]` where known, the seed\'s tokens where not, and with no annotations at all', () => {
    assert.equal(vantageLine(s1, { annotations }), `s1 gw.example (10.0.0.1) [AS64500] * 10.0.2.1 ${TARGET} [AS64511]`)
    assert.equal(vantageLine(s1, { annotations, rtt: true }),
      `s1 gw.example (10.0.0.1) [AS64500] (0.500 0.300 ms) * 10.0.2.1 (2.000 4.000 ms) ${TARGET} [AS64511] (4.500 ms)`)
    assert.equal(vantageLine(s1, { annotations: new Map() }), `s1 10.0.0.1 * 10.0.2.1 ${TARGET}`)
    assert.equal(vantageLine(s1), `s1 10.0.0.1 * 10.0.2.1 ${TARGET}`)
  })

  it('table: mtr -z -b style hosts, the column widened for long names', () => {
    assert.equal(formatHopTable(s1, annotations), [
      `HOST: s1 (192.0.2.10) -> ${TARGET}   Loss%   Snt   Last    Avg   Best   Wrst  StDev   Javg`,
      '  1.|-- AS64500 gw.example (10.0.0.1)   0.0%     2    0.3    0.4    0.3    0.5    0.1    0.2',
      '  2.|-- ???                           100.0%     1    0.0    0.0    0.0    0.0    0.0    0.0',
      '  3.|-- 10.0.2.1                        0.0%     2    4.0    3.0    2.0    4.0    1.4    2.0',
      '    |   alt.example (10.0.2.9)',
      `  4.|-- AS64511 ${TARGET}             0.0%     1    4.5    4.5    4.5    4.5    0.0    0.0`,
      ''
    ].join('\n'))
  })

  it('json: name, asn and asName on each hop (for its addr) and each probe; back to the trace and the annotations', () => {
    const row = JSON.parse(vantageJson(s1, annotations)) as VantageRow
    assert.deepEqual(row.hops[0], {
      ttl: 1, addr: '10.0.0.1', rtts: [0.5, 0.3], name: 'gw.example', asn: 64500, asName: 'EXAMPLE-NET',
      probes: [
        { addr: '10.0.0.1', rtt: 0.5, name: 'gw.example', asn: 64500, asName: 'EXAMPLE-NET' },
        { addr: '10.0.0.1', rtt: 0.3, name: 'gw.example', asn: 64500, asName: 'EXAMPLE-NET' }
      ]
    })
    assert.deepEqual(row.hops[1], { ttl: 2, addr: null, rtts: [], probes: [{ addr: null }] })
    assert.deepEqual(row.hops[2].probes?.[1], { addr: '10.0.2.9', rtt: 4, name: 'alt.example' })
    assert.equal(row.hops[2].name, undefined)
    assert.deepEqual(vantageFromRow(row).trace?.hops, s1.trace?.hops, 'the trace as measured, without the annotations')
    assert.deepEqual([...annotationsFromRow(row)].sort(), [...annotations].sort())
    assert.equal(vantageJson(s1), vantageJson(s1, new Map()), 'nothing known: the row as before')
  })

  it('atlas: hostname, asn and as_name on each answered packet (keys Atlas ignores)', () => {
    const result = atlasResult(s1, { requestId: 'ab'.repeat(16), target: TARGET, fallbackTime: 0, annotations })
    assert.deepEqual(result.result[0].result, [
      { from: '10.0.0.1', rtt: 0.5, hostname: 'gw.example', asn: 64500, as_name: 'EXAMPLE-NET' },
      { from: '10.0.0.1', rtt: 0.3, hostname: 'gw.example', asn: 64500, as_name: 'EXAMPLE-NET' }
    ])
    assert.deepEqual(result.result[1].result, [{ x: '*' }])
    assert.deepEqual(result.result[2].result, [{ from: '10.0.2.1', rtt: 2 }, { from: '10.0.2.9', rtt: 4, hostname: 'alt.example' }])
    assert.deepEqual(result.result[3].result, [{ from: TARGET, rtt: 4.5, asn: 64511 }])
  })

  it('map: routers labelled `name (addr) [ASn]`, unreachable ones with every flag after', () => {
    const flagged = view('p2', 's2', trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1], flag: '!H' }], false))
    const graph = buildMapGraph(TARGET, [s1, flagged, view('p3', 's3', trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1], flag: '!N' }], false))], annotations)
    const label = (id: string): string | undefined => graph.nodes.find(n => n.id === id)?.label
    assert.equal(label('addr:10.0.0.1'), 'gw.example (10.0.0.1) [AS64500] !H !N')
    assert.equal(label('addr:10.0.2.9'), 'alt.example (10.0.2.9)')
    assert.equal(label('addr:10.0.2.1'), '10.0.2.1')
  })

  it('tree: annotated labels with RTTs (one path: its median; several: lowest-highest)', () => {
    const s2 = view('p2', 's2', trace([{ ttl: 1, addr: '10.0.9.1', rtts: [0.7] }, { ttl: 2, addr: '10.0.2.1', rtts: [3, 5, 9] }, { ttl: 3, addr: TARGET, rtts: [6] }], true))
    assert.equal(formatTree(TARGET, [s1, s2], annotations), [
      `${TARGET} (target)  4.500-6.000 ms`,
      '└─ 10.0.2.1  3.000-5.000 ms',
      '   ├─ *',
      '   │  └─ gw.example (10.0.0.1) [AS64500]  0.400 ms  <- s1',
      '   └─ 10.0.9.1  0.700 ms  <- s2',
      ''
    ].join('\n'))
  })

  it('tree: the same text whatever order the results land in (seeded shuffles)', () => {
    const views: VantageView[] = []
    const prng = new Prng(4242)
    for (let i = 0; i < 12; i++) {
      const hops = [
        { ttl: 1, addr: prng.chance(0.3) ? null : `10.0.${i % 4}.1`, rtts: [1 + i] },
        { ttl: 2, addr: prng.chance(0.3) ? null : `10.1.${i % 2}.1`, rtts: [2 + i] },
        { ttl: 3, addr: TARGET, rtts: [3 + i] }
      ]
      views.push(view(`peer-${i}`, `v${i}`, trace(hops, prng.chance(0.8))))
    }
    views.push(view('peer-e', 'failed-one'), view('peer-f', 'failed-two'))
    const once = formatTree(TARGET, views, annotations)
    for (let round = 0; round < 10; round++) assert.equal(formatTree(TARGET, prng.shuffle(views), annotations), once)
  })
})
