// A partial path in the history: the entry peer stores a cut-off result in its wire form, and `show` reads it back
// with its stop reason and prints it exactly as the requester printed it live.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { TracePrinter, type Format } from '../../src/cli/trace-printer.js'
import { historyRecorder } from '../../src/history/recorder.js'
import { HistoryStore } from '../../src/history/store.js'
import type { SummaryView, VantageView } from '../../src/model/index.js'
import type { MeasuredTrace } from '../../src/overlay/types.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'

const TARGET = '198.18.0.9'
const complete: MeasuredTrace = {
  target: TARGET, addr: TARGET, method: 'icmp', reached: true, durationMs: 4, probesSent: 2, stop: 'reached',
  hops: [{ ttl: 1, addr: '198.18.0.1', rtts: [0.1] }, { ttl: 2, addr: TARGET, rtts: [0.2] }]
}
const partial: MeasuredTrace = {
  target: TARGET, addr: TARGET, method: 'icmp', reached: false, durationMs: 900, probesSent: 5, stop: 'deadline',
  hops: [{ ttl: 1, addr: '198.18.1.1', rtts: [0.1] }, { ttl: 2, addr: null, rtts: [] }]
}

function print (format: Format, views: VantageView[], summary: SummaryView): string {
  let out = ''
  const printer = new TracePrinter((text) => { out += text }, format, TARGET)
  for (const v of views) printer.result(v)
  printer.finish({ ...summary, durationMs: 1000 })
  return out
}

describe('history: a partial path', () => {
  let dir: string
  let store: HistoryStore

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'peertrace-history-partial-'))
    store = new HistoryStore({ dataDir: dir })
  })

  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is stored with its stop reason and shown as it was printed live', async () => {
    const origin = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(1)))
    const site = (n: number): Promise<KeyAuthenticator> => generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(n)).then((key) => new KeyAuthenticator(key))
    const [a, b] = await Promise.all([site(2), site(3)])
    const now = Date.now()
    const request = await origin.signRequest({
      id: 'c'.repeat(32), origin: origin.self, target: TARGET, probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 1, waitMs: 1000 },
      initialHopBudget: 2, hopBudget: 2, deadline: now + 10_000, timestamp: now, entry: a.self
    })
    const live = [
      await a.signResult({ requestId: request.id, peer: a.self, name: 'site-a', trace: complete }),
      await b.signResult({ requestId: request.id, peer: b.self, name: 'site-b', trace: partial })
    ]
    const record = historyRecorder(store)(request)
    for (const result of live) record.result(result)
    record.end([])

    const stored = store.get(request.id)
    assert.ok(stored !== undefined)
    assert.deepEqual(stored.results.map((r) => r.trace), [complete, partial])
    const liveSummary: SummaryView = { target: TARGET, answered: 2, failed: [], unverified: 0, durationMs: 0 }
    assert.equal(stored.summary.answered, 2)
    for (const format of ['lines', 'tree', 'json'] as const) {
      assert.equal(print(format, stored.results, stored.summary), print(format, live, liveSummary), format)
    }
    assert.equal(print('lines', stored.results, stored.summary), [
      'site-a 198.18.0.1 198.18.0.9',
      'site-b 198.18.1.1 * (cut off)',
      'answered 2/2 (1 cut off), 1.00 s',
      ''
    ].join('\n'))
  })
})
