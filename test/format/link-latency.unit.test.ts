// The map's link labels: a latency only where the RTTs tell it from noise, `<1 ms` where the link adds less than
// the floor, nothing for a negative difference or one lost in the samples' scatter (docs/formats.md, "map").

import assert from 'node:assert/strict'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { LATENCY_NOISE_FLOOR_MS, latencyLabel, linkSample, type LinkSample } from '../../src/format/link-latency.js'
import { TARGET, trace, view } from './map-fixtures.js'

const sample = (deltaMs: number, spreadMs = 0): LinkSample => ({ deltaMs, spreadMs })

describe('map link latency labels', () => {
  it('a sample is the median difference of two hops and the larger of their spreads', () => {
    assert.deepEqual(linkSample([1, 1.2, 1.1], [4, 9, 5]), { deltaMs: 5 - 1.1, spreadMs: 5 })
    assert.deepEqual(linkSample('origin', [2.5, 2.1]), { deltaMs: (2.1 + 2.5) / 2, spreadMs: 2.5 - 2.1 })
    // A later hop that answered sooner: a negative difference, kept as measured (the label decides).
    assert.deepEqual(linkSample([10], [7]), { deltaMs: -3, spreadMs: 0 })
    assert.equal(linkSample([], [1]), undefined)
    assert.equal(linkSample([1], []), undefined)
  })

  it('labels a difference at or above the noise with its value', () => {
    assert.equal(LATENCY_NOISE_FLOOR_MS, 1)
    assert.equal(latencyLabel([sample(1)]), '1.0 ms')
    assert.equal(latencyLabel([sample(12.34, 0.2)]), '12.3 ms')
    // The spread raises the bar: 3 ms with samples 2 ms apart is a latency; 3 ms with samples 4 ms apart is not.
    assert.equal(latencyLabel([sample(3, 2)]), '3.0 ms')
    assert.equal(latencyLabel([sample(3, 4)]), undefined)
  })

  it('says <1 ms for a link that adds less than the floor, when the samples are tight', () => {
    assert.equal(latencyLabel([sample(0.4)]), '<1 ms')
    assert.equal(latencyLabel([sample(0)]), '<1 ms')
    assert.equal(latencyLabel([sample(0.999, 0.5)]), '<1 ms')
    // Slightly negative is within the floor: the two hops are as near as can be measured.
    assert.equal(latencyLabel([sample(-0.3, 0.1)]), '<1 ms')
  })

  it('shows nothing for a negative difference or one within scattered samples', () => {
    assert.equal(latencyLabel([sample(-1)]), undefined)
    assert.equal(latencyLabel([sample(-25, 0.1)]), undefined)
    // Under the floor but with samples 1.5 ms apart: nothing says it is under 1 ms.
    assert.equal(latencyLabel([sample(0.5, 1.5)]), undefined)
    assert.equal(latencyLabel([]), undefined)
  })

  it('a link crossed by several paths takes the median of their differences and spreads', () => {
    assert.equal(latencyLabel([sample(2), sample(-40), sample(2.4)]), '2.0 ms')
    assert.equal(latencyLabel([sample(-2), sample(-3), sample(5)]), undefined)
    assert.equal(latencyLabel([sample(0.2, 3), sample(0.3), sample(0.1)]), '<1 ms')
  })

  it('never prints a negative or noise latency on the map', () => {
    const views = [
      view('pA', 'alpha', trace([
        { ttl: 1, addr: '10.0.0.1', rtts: [0.1, 0.12, 0.08] },
        // Slow to answer itself (ICMP on its slow path): the next hop looks 9 ms nearer than it.
        { ttl: 2, addr: '10.0.1.1', rtts: [12.2, 11, 12.5] },
        { ttl: 3, addr: '10.0.2.1', rtts: [3, 3.2, 2.9] },
        { ttl: 4, addr: '10.0.3.1', rtts: [3.1, 9, 3.3] },
        { ttl: 5, addr: TARGET, rtts: [20.4, 20.1, 20.3] }
      ], true))
    ]
    const labels = Object.fromEntries(buildMapGraph(TARGET, views).edges.map(e => [`${e.from} -> ${e.to}`, e.label]))
    assert.deepEqual(labels, {
      'vantage:pA -> addr:10.0.0.1': '<1 ms',
      'addr:10.0.0.1 -> addr:10.0.1.1': '12.1 ms',
      'addr:10.0.1.1 -> addr:10.0.2.1': undefined,
      'addr:10.0.2.1 -> addr:10.0.3.1': undefined,
      'addr:10.0.3.1 -> target': '17.0 ms'
    })
  })
})
