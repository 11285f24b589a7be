// The joins and losses a node logs for one maintenance round: each line carries the degree right after it, so
// neighbours that came (or went) together still count one by one, and the last line ends at the round's degree.

import assert from 'node:assert/strict'
import { neighbourChanges } from '../../../src/node/membership/neighbour-changes.js'

describe('neighbour changes of one maintenance round', function () {
  it('the first two neighbours, come in one round: degree 1, then 2', function () {
    assert.deepEqual(neighbourChanges([], ['a', 'b']), [
      { type: 'joined', peer: 'a', degree: 1 },
      { type: 'joined', peer: 'b', degree: 2 }
    ])
  })

  it('losses first, counting down, then joins counting up to the degree the round found', function () {
    assert.deepEqual(neighbourChanges(['a', 'b', 'c'], ['b', 'd', 'e']), [
      { type: 'lost', peer: 'a', degree: 2 },
      { type: 'lost', peer: 'c', degree: 1 },
      { type: 'joined', peer: 'd', degree: 2 },
      { type: 'joined', peer: 'e', degree: 3 }
    ])
  })

  it('every neighbour gone: down to 0', function () {
    assert.deepEqual(neighbourChanges(new Map([['a', 1], ['b', 2]]).keys(), []), [
      { type: 'lost', peer: 'a', degree: 1 },
      { type: 'lost', peer: 'b', degree: 0 }
    ])
  })

  it('the same neighbours in another order: nothing to say', function () {
    assert.deepEqual(neighbourChanges(['a', 'b'], ['b', 'a']), [])
  })
})
