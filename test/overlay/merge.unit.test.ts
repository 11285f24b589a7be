// The pieces the flood merges with: fan-in of concurrent sources, and the merge rule (one result per vantage,
// verified before it can shadow another copy).

import assert from 'node:assert/strict'
import { DynamicFanIn } from '../../src/overlay/fan-in.js'
import { HashAuthenticator } from '../../src/overlay/memory-auth.js'
import { ResultMerger } from '../../src/overlay/result-merge.js'

function gate (): { open: () => void, opened: Promise<void> } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => { open = resolve })
  return { open, opened }
}

describe('overlay merge', () => {
  it('fan-in yields each item as it arrives, never held for the slowest source', async () => {
    const slow = gate()
    const seen: string[] = []
    async function * slowSource (): AsyncGenerator<string> {
      await slow.opened
      yield 'slow'
    }
    async function * fastSource (): AsyncGenerator<string> {
      yield 'fast-1'
      yield 'fast-2'
    }
    const merged = new DynamicFanIn([slowSource(), fastSource()])
    for await (const item of merged) {
      seen.push(item)
      if (item === 'fast-2') slow.open()
    }
    assert.deepEqual(seen, ['fast-1', 'fast-2', 'slow'])
  })

  it('fan-in passes a source error on after the items already queued', async () => {
    async function * failing (): AsyncGenerator<number> {
      yield 1
      throw new Error('broken')
    }
    const seen: number[] = []
    await assert.rejects(async () => { for await (const item of new DynamicFanIn([failing()])) seen.push(item) }, /broken/)
    assert.deepEqual(seen, [1])
  })

  it('fan-in reads its sources at most 4 items ahead of its reader, and still passes every item on in order', async () => {
    let pulled = 0
    async function * eager (): AsyncGenerator<number> {
      for (let i = 0; i < 100; i++) {
        pulled++
        yield i
      }
    }
    const merged = new DynamicFanIn([eager()], undefined, undefined, 4)[Symbol.asyncIterator]()
    const first = await merged.next()
    assert.deepEqual(first, { done: false, value: 0 })
    // Every read the source could make without the reader has been made once the microtasks are done.
    await new Promise<void>((resolve) => { setImmediate(resolve) })
    assert.equal(pulled, 5, 'the one taken and 4 queued')
    const rest: number[] = []
    for (let next = await merged.next(); next.done !== true; next = await merged.next()) rest.push(next.value)
    assert.deepEqual(rest, Array.from({ length: 99 }, (_, i) => i + 1))
    assert.equal(pulled, 100)
  })

  it('keeps one result per vantage, and a forged copy does not shadow the genuine one', async () => {
    const auth = new HashAuthenticator()
    const verify = async (result: Parameters<typeof auth.verifyResult>[0]): Promise<boolean> => await auth.verifyResult(result)
    const genuine = await auth.signResult({ requestId: 'r', peer: 'x', name: 'X', error: { code: 'E', message: 'm' } })
    const forged = { ...genuine, name: 'mallory' }
    const merger = new ResultMerger('r', 10, 'self')
    assert.equal(await merger.admit(forged, verify), 'unverified')
    assert.equal(await merger.admit(genuine, verify), 'admitted')
    assert.equal(await merger.admit(genuine, verify), 'duplicate')
    assert.equal(await merger.admit({ ...genuine, requestId: 'other' }, verify), 'foreign')
    const claimsSelf = await auth.signResult({ requestId: 'r', peer: 'self', name: 'S', error: { code: 'E', message: 'm' } })
    assert.equal(await merger.admit(claimsSelf, verify), 'duplicate')
  })

  it('bounds the results and failures it keeps', async () => {
    const merger = new ResultMerger('r', 2)
    const auth = new HashAuthenticator()
    const results = await Promise.all(['a', 'b', 'c'].map(async (peer) =>
      await auth.signResult({ requestId: 'r', peer, name: peer, error: { code: 'E', message: 'm' } })))
    assert.deepEqual(await Promise.all(results.map(async (r) => await merger.admit(r))), ['admitted', 'admitted', 'full'])
    merger.addFailures([{ peer: 'a', reason: 'first' }, { peer: 'a', reason: 'second' }, { peer: 'b', reason: 'x' }, { peer: 'c', reason: 'y' }])
    assert.deepEqual(merger.failures(), [{ peer: 'a', reason: 'first' }, { peer: 'b', reason: 'x' }])
  })
})
