// PEERTRACE_NUMERIC=1 (set by the harness, the test scripts, the demo and the benchmarks) turns reverse DNS off
// whatever the flags say: nothing they run may ask the host's resolver about an emulated network's address.

import assert from 'node:assert/strict'
import { numericByEnvironment, traceAnnotator } from '../../src/cli/annotation-options.js'
import { resolvingEnvironment } from '../harness/numeric-environment.js'

describe('PEERTRACE_NUMERIC', () => {
  const saved = process.env.PEERTRACE_NUMERIC
  afterEach(() => { process.env.PEERTRACE_NUMERIC = saved })

  it('is set in every test process, and only a chosen child environment turns it off', () => {
    assert.equal(saved, '1')
    assert.equal(numericByEnvironment(), true)
    assert.equal(resolvingEnvironment().PEERTRACE_NUMERIC, '0')
    assert.equal(process.env.PEERTRACE_NUMERIC, '1')
  })

  it('set: no annotator without a database, whatever -n says; unset: names are looked up', async () => {
    assert.equal(await traceAnnotator({}), undefined)
    assert.equal(await traceAnnotator({ numeric: false }), undefined)
    process.env.PEERTRACE_NUMERIC = '0'
    assert.equal(numericByEnvironment(), false)
    // Only built, not used: building it starts no lookup.
    assert.notEqual(await traceAnnotator({}), undefined)
  })
})
