// The overlay graph read from peers' logs: an edge either end reports counts, peers outside the set are ignored, and
// cut vertices are found.

import assert from 'node:assert/strict'
import { connected, cutVertices, overlayGraph, type OverlayMember } from './overlay-graph.js'

const member = (peerId: string, ...neighbours: string[]): OverlayMember =>
  ({ peerId, neighbourIds: new Set(neighbours), neighbours: neighbours.length })

describe('overlay graph from peer logs', () => {
  it('counts an edge either end reports, and ignores peers outside the set', () => {
    const graph = overlayGraph([member('a', 'b', 'gone'), member('b'), member('c', 'b')])
    assert.deepEqual([...graph.get('b') ?? []].sort(), ['a', 'c'])
    assert.equal(graph.has('gone'), false)
  })

  it('finds the cut vertex of a path, none in a ring', () => {
    assert.deepEqual(cutVertices([member('a', 'b'), member('b', 'c'), member('c')]), ['b'])
    const ring = [member('a', 'b'), member('b', 'c'), member('c', 'd'), member('d', 'a')]
    assert.deepEqual(cutVertices(ring), [])
    assert.equal(connected(ring), true)
  })

  it('is not connected when a peer has no edge', () => {
    assert.equal(connected([member('a', 'b'), member('b'), member('c')]), false)
  })
})
