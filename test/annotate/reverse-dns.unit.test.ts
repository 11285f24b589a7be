// The reverse-DNS cache and the per-trace wait, over a resolver the test answers by hand and a ManualClock: each
// address looked up once while cached, names and "no name" expiring after their TTLs, the LRU bound, at most
// maxConcurrent lookups at once (a hung one keeps its slot), the queue bound, and a trace's output waiting for
// names at most its budget, all waits together, and for the resolver's helper to start apart from that budget.

import assert from 'node:assert/strict'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { ReverseDns } from '../../src/annotate/reverse-dns.js'
import { TraceAnnotator } from '../../src/annotate/trace-annotator.js'
import { ManualClock } from '../time/manual-clock.js'

/** A resolver that answers only when the test says: every question is recorded, in order. */
class HandResolver {
  readonly asked: string[] = []
  private readonly waiting = new Map<string, Array<(name: string | undefined) => void>>()

  readonly lookup = async (addr: string): Promise<string | undefined> => {
    this.asked.push(addr)
    return await new Promise(resolve => { this.waiting.set(addr, [...(this.waiting.get(addr) ?? []), resolve]) })
  }

  answer (addr: string, name: string | undefined): void {
    const waiters = this.waiting.get(addr) ?? []
    assert.ok(waiters.length > 0, `${addr} was not being looked up`)
    this.waiting.delete(addr)
    for (const resolve of waiters) resolve(name)
  }
}

const turns = async (n = 10): Promise<void> => { for (let i = 0; i < n; i++) await Promise.resolve() }

describe('reverse DNS', () => {
  it('looks an address up once while its answer is cached; names expire after ttlMs, "no name" after negativeTtlMs', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    const dns = new ReverseDns({ lookup: hand.lookup, clock, ttlMs: 60_000, negativeTtlMs: 5_000 })
    const a = dns.resolve('192.0.2.1')
    const b = dns.resolve('192.0.2.1')
    const c = dns.resolve('192.0.2.2')
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2'], 'one lookup per address in flight')
    hand.answer('192.0.2.1', 'r1.example')
    hand.answer('192.0.2.2', undefined)
    await Promise.all([a, b, c])
    assert.equal(dns.cached('192.0.2.1'), 'r1.example')
    assert.equal(dns.cached('192.0.2.2'), null)
    await dns.resolve('192.0.2.1')
    assert.equal(hand.asked.length, 2, 'cached: not asked again')
    clock.advance(5_001)
    assert.equal(dns.cached('192.0.2.2'), undefined, '"no name" expired')
    assert.equal(dns.cached('192.0.2.1'), 'r1.example')
    clock.advance(55_000)
    assert.equal(dns.cached('192.0.2.1'), undefined, 'the name expired')
    const again = dns.resolve('192.0.2.1')
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2', '192.0.2.1'])
    hand.answer('192.0.2.1', 'r1-renamed.example')
    await again
    assert.equal(dns.cached('192.0.2.1'), 'r1-renamed.example')
  })

  it('keeps at most cacheMax answers, the least recently used going first', async () => {
    const dns = new ReverseDns({ lookup: async addr => `n-${addr}`, clock: new ManualClock(), cacheMax: 2 })
    await dns.resolve('192.0.2.1')
    await dns.resolve('192.0.2.2')
    assert.equal(dns.cached('192.0.2.1'), 'n-192.0.2.1')
    await dns.resolve('192.0.2.3')
    assert.equal(dns.cached('192.0.2.2'), undefined, '.2 was used least recently')
    assert.equal(dns.cached('192.0.2.1'), 'n-192.0.2.1')
    assert.equal(dns.cached('192.0.2.3'), 'n-192.0.2.3')
  })

  it('runs at most maxConcurrent lookups (a hung one keeps its slot), queues maxQueued, and skips past that', async () => {
    const hand = new HandResolver()
    const dns = new ReverseDns({ lookup: hand.lookup, clock: new ManualClock(), maxConcurrent: 2, maxQueued: 2 })
    const addrs = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5']
    const done = addrs.map(async addr => { await dns.resolve(addr) })
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2'])
    assert.deepEqual(dns.load, { running: 2, queued: 2 })
    // The fifth found the queue full: settled at once, not looked up, nothing cached.
    await done[4]
    assert.equal(dns.cached('192.0.2.5'), undefined)
    hand.answer('192.0.2.2', 'r2.example')
    await done[1]
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2', '192.0.2.3'], '.1 still hangs: one slot freed, one started')
    hand.answer('192.0.2.3', undefined)
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'])
    assert.deepEqual(dns.load, { running: 2, queued: 0 })
    hand.answer('192.0.2.1', 'r1.example')
    hand.answer('192.0.2.4', 'r4.example')
    await Promise.all(done)
    assert.deepEqual(dns.load, { running: 0, queued: 0 })
    assert.deepEqual(addrs.map(a => dns.cached(a)), ['r1.example', 'r2.example', null, 'r4.example', undefined])
  })

  it('a failing resolver is "no name", never an error', async () => {
    const dns = new ReverseDns({ lookup: async () => { throw new Error('resolver broke') }, clock: new ManualClock() })
    await dns.resolve('192.0.2.1')
    assert.equal(dns.cached('192.0.2.1'), null)
  })
})

describe('a trace\'s annotator', () => {
  it('waits for names at most its budget, all waits together; names back late are used by later results', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    const dns = new ReverseDns({ lookup: hand.lookup, clock, maxConcurrent: 4 })
    const annotator = new TraceAnnotator({ dns, clock, budgetMs: 1000 })

    // First result: .1 answers at 300 ms, .2 hangs; the output waits the whole budget left (1000 ms) and goes out
    // with .1's name only.
    let settled = false
    const first = annotator.annotate(['192.0.2.1', '192.0.2.2']).then(a => { settled = true; return a })
    await turns()
    clock.advance(300)
    hand.answer('192.0.2.1', 'r1.example')
    await turns()
    assert.equal(settled, false, 'still waiting for .2')
    clock.advance(699)
    await turns()
    assert.equal(settled, false, '1 ms of the budget left')
    clock.advance(1)
    const annotations = await first
    assert.deepEqual([...annotations], [['192.0.2.1', { name: 'r1.example' }]])
    assert.equal(annotator.budgetLeftMs, 0)

    // The budget is spent: the next result waits for nothing, yet a name that came back since is used.
    hand.answer('192.0.2.2', 'r2.example')
    await turns()
    const second = await annotator.annotate(['192.0.2.2', '192.0.2.3'])
    assert.deepEqual(second.get('192.0.2.2'), { name: 'r2.example' })
    assert.equal(second.get('192.0.2.3'), undefined)
    assert.equal(clock.pending, 0, 'no timer left behind')
  })

  it('answers from the cache without waiting, and spends only the time it waited', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    const dns = new ReverseDns({ lookup: hand.lookup, clock })
    const annotator = new TraceAnnotator({ dns, clock, budgetMs: 2000 })
    const waiting = annotator.annotate(['192.0.2.1'])
    await turns()
    clock.advance(250)
    hand.answer('192.0.2.1', 'r1.example')
    await waiting
    assert.equal(annotator.budgetLeftMs, 1750)
    const again = await annotator.annotate(['192.0.2.1'])
    assert.deepEqual(again.get('192.0.2.1'), { name: 'r1.example' })
    assert.equal(annotator.budgetLeftMs, 1750, 'cached: no wait')
    assert.deepEqual(hand.asked, ['192.0.2.1'])
  })

  it('waits for the resolver\'s helper to start apart from the budget: a slow start costs no names', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    let up = (): void => {}
    const ready = new Promise<void>((resolve) => { up = resolve })
    const annotator = new TraceAnnotator({ dns: new ReverseDns({ lookup: hand.lookup, ready: async () => await ready, clock }), clock, budgetMs: 2000, startMs: 10_000 })
    let settled = false
    const waiting = annotator.annotate(['192.0.2.1']).then(a => { settled = true; return a })
    await turns()
    assert.deepEqual(hand.asked, ['192.0.2.1'], 'asked at once: the helper reads it once it is up')
    clock.advance(5000)
    await turns()
    assert.equal(settled, false, 'the helper is not up yet: 5 s of its 10 s')
    assert.equal(annotator.budgetLeftMs, 2000, 'nothing spent of the budget for names')
    up()
    await turns()
    clock.advance(250)
    hand.answer('192.0.2.1', 'r1.example')
    assert.deepEqual((await waiting).get('192.0.2.1'), { name: 'r1.example' })
    assert.equal(annotator.budgetLeftMs, 1750)
    assert.equal(clock.pending, 0, 'no timer left behind')
  })

  it('a helper not up within its start allowance: the names are left out, and later results do not wait for it again', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    const annotator = new TraceAnnotator({ dns: new ReverseDns({ lookup: hand.lookup, ready: async () => await new Promise(() => {}), clock }), clock, budgetMs: 2000, startMs: 10_000 })
    let settled = false
    const first = annotator.annotate(['192.0.2.1']).then(a => { settled = true; return a })
    await turns()
    clock.advance(9999)
    await turns()
    assert.equal(settled, false, '1 ms of the start allowance left')
    clock.advance(1)
    assert.equal((await first).size, 0)
    assert.equal(annotator.budgetLeftMs, 2000, 'the budget for names untouched')
    const second = await annotator.annotate(['192.0.2.2'])
    assert.equal(second.size, 0, 'no wait: the allowance is spent')
    assert.deepEqual(hand.asked, ['192.0.2.1', '192.0.2.2'], 'both still asked, for the cache')
    assert.equal(clock.pending, 0, 'no timer left behind')
  })

  it('an abort ends the wait at once', async () => {
    const clock = new ManualClock()
    const hand = new HandResolver()
    const annotator = new TraceAnnotator({ dns: new ReverseDns({ lookup: hand.lookup, clock }), clock, budgetMs: 2000 })
    const abort = new AbortController()
    const waiting = annotator.annotate(['192.0.2.1'], abort.signal)
    await turns()
    abort.abort()
    assert.equal((await waiting).size, 0)
    assert.equal(clock.pending, 0)
  })

  it('AS numbers (and names) from the database, with or without reverse DNS', async () => {
    const asn = AsnDatabase.parse('192.0.2.0\t192.0.2.127\t64500\tNL\tEXAMPLE-NET\n198.51.100.0\t198.51.100.255\t64501\tNone\t\n')
    const annotator = new TraceAnnotator({ asn, clock: new ManualClock() })
    const annotations = await annotator.annotate(['192.0.2.1', '192.0.2.200', '198.51.100.7'])
    assert.deepEqual([...annotations], [
      ['192.0.2.1', { asn: 64500, asName: 'EXAMPLE-NET' }],
      ['198.51.100.7', { asn: 64501 }]
    ])
  })
})
