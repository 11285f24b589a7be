// The --from grammar and how a self-description matches it: every kind of label, '+' as "and", case, bounds.

import assert from 'node:assert/strict'
import { MAX_SELECTION_LIMIT, MAX_SELECTOR_TERMS, MAX_SELECTOR_TERM_LENGTH } from '../../src/model/limits.js'
import { matchesSelector, parseSelector, selectionProblem, selectsVantage, type DescribedVantage } from '../../src/model/selector.js'
import { labelsProblem } from '../../src/model/vantage-description.js'

const BERLIN: DescribedVantage = { peer: '12D3KooWBerlin', name: 'ber-1', tags: ['probe', 'datacenter'], country: 'DE', city: 'Berlin', asn: 3320 }
const PARIS: DescribedVantage = { peer: '12D3KooWParis', name: 'par-1', tags: ['probe'], country: 'FR', city: 'Paris' }
const BARE: DescribedVantage = { peer: '12D3KooWBare', name: 'bare', tags: [] }

describe('selector', () => {
  it('splits on commas and plus signs, trims, drops empty terms', () => {
    assert.deepEqual(parseSelector(' DE , probe+ FR ,,AS3320'), ['DE', 'probe+FR', 'AS3320'])
    assert.deepEqual(parseSelector('New York'), ['New York'])
  })

  it('rejects an expression that selects nothing or is out of bounds', () => {
    assert.throws(() => parseSelector(' , ,'), /names no vantage point/)
    assert.throws(() => parseSelector(Array.from({ length: MAX_SELECTOR_TERMS + 1 }, (_, i) => `t${i}`).join(',')), /more than 16/)
    assert.throws(() => parseSelector('x'.repeat(MAX_SELECTOR_TERM_LENGTH + 1)), /longer than/)
    assert.equal(parseSelector(Array.from({ length: MAX_SELECTOR_TERMS }, (_, i) => `t${i}`).join(',')).length, MAX_SELECTOR_TERMS)
  })

  it('matches a name, a peer id, a tag, a country, a city and an AS, in any case', () => {
    for (const label of ['ber-1', 'BER-1', '12D3KooWBerlin', 'datacenter', 'de', 'DE', 'berlin', 'AS3320', 'as3320']) {
      assert.equal(matchesSelector([label], BERLIN), true, label)
      assert.equal(matchesSelector([label], PARIS), false, label)
    }
    assert.equal(matchesSelector(['probe'], PARIS), true)
    assert.equal(matchesSelector(['AS'], BARE), false)
    assert.equal(matchesSelector(['3320'], BERLIN), false)
  })

  it('takes any term, and every label of a term', () => {
    assert.equal(matchesSelector(['probe+FR'], BERLIN), false)
    assert.equal(matchesSelector(['probe+FR'], PARIS), true)
    assert.equal(matchesSelector(['probe+DE+AS3320'], BERLIN), true)
    assert.equal(matchesSelector(['Paris', 'AS3320'], BERLIN), true)
    assert.equal(matchesSelector(['Paris', 'AS3320'], BARE), false)
    assert.equal(matchesSelector([], BARE), true)
  })

  it('with chosen vantage points, selects only the chosen among the matching', () => {
    const selection = { terms: ['probe'], limit: 1, chosen: [PARIS.peer] }
    assert.equal(selectsVantage(selection, PARIS), true)
    assert.equal(selectsVantage(selection, BERLIN), false)
    assert.equal(selectsVantage({ terms: ['probe'], limit: 1, chosen: [BARE.peer] }, BARE), false)
    assert.equal(selectsVantage(undefined, BARE), true)
  })

  it('bounds what a request may carry', () => {
    assert.equal(selectionProblem({ terms: ['probe'] }), undefined)
    assert.equal(selectionProblem({ terms: [], limit: 3 }), undefined)
    assert.match(selectionProblem({ terms: [] }) ?? '', /names no vantage point/)
    assert.match(selectionProblem({ terms: ['a'], limit: 0 }) ?? '', /limit/)
    assert.match(selectionProblem({ terms: ['a'], limit: MAX_SELECTION_LIMIT + 1 }) ?? '', /limit/)
    assert.match(selectionProblem({ terms: ['a'], limit: 1, chosen: ['x', 'y'] }) ?? '', /1\.\.limit/)
    assert.match(selectionProblem({ terms: ['a'], limit: 2, chosen: ['x', 'x'] }) ?? '', /twice/)
    assert.match(selectionProblem({ terms: ['a'], chosen: ['x'] }) ?? '', /without a limit/)
    assert.match(selectionProblem({ terms: ['a+'] }) ?? '', /empty label/)
  })

  it('checks a node\'s own labels', () => {
    assert.equal(labelsProblem({ tags: ['probe', 'eu-west.1'], country: 'DE', city: 'Frankfurt am Main', asn: 3320 }), undefined)
    assert.match(labelsProblem({ tags: ['a,b'] }) ?? '', /tag/)
    assert.match(labelsProblem({ tags: ['a+b'] }) ?? '', /tag/)
    assert.match(labelsProblem({ tags: Array.from({ length: 17 }, (_, i) => `t${i}`) }) ?? '', /more than 16/)
    assert.match(labelsProblem({ tags: [], country: 'DEU' }) ?? '', /two-letter/)
    assert.match(labelsProblem({ tags: [], city: 'Paris,TX' }) ?? '', /city/)
    assert.match(labelsProblem({ tags: [], asn: 0 }) ?? '', /AS number/)
  })
})
