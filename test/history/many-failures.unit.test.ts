// Issue 14, item 5: a trace whose summary names 1,200 failed peers made `history show` fail (the summary did not
// fit the history protocol's reply). The store keeps at most MAX_FAILED_LISTED of them listed and counts the rest,
// and that summary crosses the history protocol's wire form and prints with every failure counted.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { summaryLine } from '../../src/format/lines.js'
import { historyRecorder } from '../../src/history/recorder.js'
import { HistoryStore } from '../../src/history/store.js'
import { MAX_FAILED_LISTED } from '../../src/model/limits.js'
import { decodeHistoryAnswer, encodeHistoryAnswer } from '../../src/protocol/history-codec.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'
import { ManualClock } from '../time/manual-clock.js'

const FAILED = 1200

describe('history: a trace with many failures', () => {
  let dir: string

  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'peertrace-history-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  it(`stores ${FAILED} failed peers as ${MAX_FAILED_LISTED} listed and the rest counted, and shows them over the wire`, async () => {
    const clock = new ManualClock()
    const store = new HistoryStore({ dataDir: dir, clock })
    const origin = new KeyAuthenticator(await generateKeyPair('Ed25519'))
    const request = await origin.signRequest({
      id: 'ab'.repeat(16),
      origin: origin.self,
      target: '198.18.0.9',
      probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500 },
      initialHopBudget: 4,
      hopBudget: 4,
      deadline: clock.now() + 10_000,
      timestamp: clock.now()
    })
    const record = historyRecorder(store, clock)(request)
    // The longest reason a trace end may carry (512 characters), so the reply is as large as it can be.
    const reason = `ERR_NO_ANSWER: ${'x'.repeat(497)}`
    record.end(Array.from({ length: FAILED }, (_, i) => ({ peer: `12D3KooW${i.toString().padStart(44, '0')}`, reason })))

    assert.equal(store.list()[0]?.failed, FAILED)
    const stored = store.get(request.id)
    assert.equal(stored?.summary.failed.length, MAX_FAILED_LISTED)
    assert.equal(stored?.summary.unlisted, FAILED - MAX_FAILED_LISTED)
    const decoded = decodeHistoryAnswer(encodeHistoryAnswer({ type: 'summary', summary: stored.summary }))
    assert.equal(decoded.type, 'summary')
    assert.ok(decoded.type === 'summary')
    assert.deepEqual(decoded.summary, stored.summary)
    const line = summaryLine(decoded.summary)
    assert.match(line, new RegExp(`^answered 0/${FAILED}, failed: `))
    assert.match(line, new RegExp(`, ${FAILED - MAX_FAILED_LISTED} more failed, not listed, 0\\.00 s$`))
    store.close()
  })
})
