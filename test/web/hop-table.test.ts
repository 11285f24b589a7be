// The web view's hop table per vantage point, in real headless Chromium against the fake node: folded under each row
// that has a path, and when opened, every cell as `peertrace trace -F table` computes it from the per-probe records
// (lost probes counted, with `--rounds` the rounds' probes alone), hosts named and numbered by the annotator (a
// resolver the test answers, an AS database it wrote). The expected numbers are worked out by hand below each case.

import assert from 'node:assert/strict'
import type { ConsoleMessage, Locator, Page } from 'playwright-core'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { ReverseDns } from '../../src/annotate/reverse-dns.js'
import { TraceAnnotator } from '../../src/annotate/trace-annotator.js'
import type { Hop, MeasuredTrace, Probe } from '../../src/model/index.js'
import type { VantageResult } from '../../src/overlay/types.js'
import { launchBrowser, requireChromium, type HeadlessBrowser } from './browser.js'
import { SAMPLE_SUMMARY, TARGET } from './fake-node.js'
import { startFixture, type Fixture } from './server-fixture.js'

const NAMES: Record<string, string> = { '198.18.2.1': 'r2.lab.test', '198.18.1.1': 'r1.lab.test' }
const ASN = AsnDatabase.parse('198.18.2.0\t198.18.2.255\t64502\tNL\tSECOND-NET\n198.18.4.0\t198.18.4.255\t64504\tDE\t\n')

const R1 = '198.18.1.1'
const R2 = '198.18.2.1'
const R3 = '198.18.3.1'
const R4 = '198.18.4.1'

const answer = (addr: string, rtt: number, round?: number): Probe => round === undefined ? { addr, rtt } : { addr, rtt, round }
const lost = (round?: number): Probe => round === undefined ? { addr: null } : { addr: null, round }

/** A hop as the engine records it: `addr` the first answer, `rtts` every answer, `probes` every probe sent. */
function hop (ttl: number, probes: Probe[], extra: Partial<Hop> = {}): Hop {
  const answers = probes.filter(p => p.addr !== null)
  const addrs = [...new Set(answers.map(p => p.addr as string))]
  const out: Hop = { ttl, addr: addrs[0] ?? null, rtts: answers.map(p => p.rtt as number), probes, ...extra }
  if (addrs.length > 1) out.addrs = addrs
  return out
}

function result (requestId: string, peer: string, name: string, hops: Hop[], reached: boolean): VantageResult {
  const trace: MeasuredTrace = { target: TARGET, addr: TARGET, method: 'icmp', reached, durationMs: 42, probesSent: 12, hops }
  return { requestId, peer, name, signature: new Uint8Array([1]), trace }
}

/** Every body row's cells; a cell with several address lines gives them joined by ' / '. */
async function tableCells (table: Locator): Promise<string[][]> {
  type Node = { textContent: string | null, querySelectorAll: (selector: string) => Iterable<Node> }
  return await table.locator('tbody tr').evaluateAll((rows: unknown[]) => rows.map(row =>
    [...(row as Node).querySelectorAll('th, td')].map(cell => {
      const lines = [...cell.querySelectorAll('.line')]
      return lines.length === 0 ? cell.textContent ?? '' : lines.map(l => l.textContent ?? '').join(' / ')
    })))
}

const HEADER = ['Hop', 'Host', 'Address', 'Loss%', 'Sent', 'Last', 'Avg', 'Best', 'Worst', 'StDev', 'Javg']

describe('web view page: the hop table per vantage point (fake node)', function () {
  this.timeout(60_000)
  let browser: HeadlessBrowser | undefined
  let fx: Fixture | undefined
  const consoleErrors: string[] = []

  before(async function () {
    requireChromium(this)
    const dns = new ReverseDns({ lookup: async (addr) => NAMES[addr] })
    fx = await startFixture({ annotator: () => new TraceAnnotator({ dns, asn: ASN }) })
    browser = await launchBrowser()
    // A CSP violation (an inline style or script) is a console error.
    browser.context.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
  })
  after(async () => {
    await browser?.close()
    await fx?.server.close()
  })

  async function runTrace (results: (id: string) => VantageResult[]): Promise<Page> {
    const { base, runner } = fx as Fixture
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.goto(`${base}/`)
    await page.fill('#target', TARGET)
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const trace = runner.last
    for (const r of results(trace.id)) trace.push(r)
    trace.end(SAMPLE_SUMMARY)
    await page.locator('#summary').filter({ hasText: 'answered' }).waitFor()
    return page
  }

  it('per-probe records: loss, sent, RTT statistics and annotated hosts in a folded table', async () => {
    const page = await runTrace(id => [
      result(id, 'peerA', 'alpha', [
        // 2 of 3 answered: 33.3 %; mean 0.5; sd sqrt((0.01 + 0.01) / 1) = 0.141; jitter |0.6 - 0.4| = 0.2.
        hop(1, [answer(R1, 0.4), lost(), answer(R1, 0.6)]),
        // mean 2; sd sqrt((1 + 1 + 0) / 2) = 1; jitter (2 + 1) / 2 = 1.5.
        hop(2, [answer(R2, 1.0), answer(R2, 3.0), answer(R2, 2.0)]),
        hop(3, [lost(), lost(), lost()]),
        // !H after 2 answers of 3: mean 5; sd sqrt((0.25 + 0.25) / 1) = 0.707; jitter 1.
        hop(4, [answer(R4, 4.5), answer(R4, 5.5), lost()], { flag: '!H' })
      ], false),
      { requestId: id, peer: 'peerC', name: 'gamma', signature: new Uint8Array([1]), error: { code: 'ERR_POLICY', message: 'target not allowed here' } }
    ])
    const row = page.locator('#rows li.row').first()
    const details = row.locator('details.hop-table')
    // Folded at first: the row stays one line until the user opens it.
    assert.equal(await details.getAttribute('open'), null)
    assert.equal(await details.locator('table').isVisible(), false)
    assert.equal(await details.locator('summary').textContent(), 'hop table (4 hops)')
    await details.locator('summary').click()
    const table = details.locator('table')
    await table.waitFor({ state: 'visible' })
    assert.equal(await table.locator('caption').textContent(), 'alpha to 198.18.9.2: RTTs in ms')
    assert.deepEqual(await table.locator('thead th').allTextContents(), HEADER)
    assert.deepEqual(await tableCells(table), [
      ['1', 'r1.lab.test', R1, '33.3%', '3', '0.60', '0.50', '0.40', '0.60', '0.14', '0.20'],
      ['2', 'r2.lab.test [AS64502]', R2, '0.0%', '3', '2.00', '2.00', '1.00', '3.00', '1.00', '1.50'],
      ['3', '', '*', '100.0%', '3', '–', '–', '–', '–', '–', '–'],
      ['4', '[AS64504]', `${R4} !H`, '33.3%', '3', '5.50', '5.00', '4.50', '5.50', '0.71', '1.00']
    ])
    // The AS's name on hover, as in the rows.
    assert.equal(await table.locator('tbody tr').nth(1).locator('td.host .line').getAttribute('title'), 'SECOND-NET')
    // A vantage point without a path has no table.
    assert.equal(await page.locator('#rows li.row').nth(1).locator('details').count(), 0)
    assert.deepEqual(consoleErrors, [])
    await page.close()
  })

  it('with --rounds: the rounds\' probes alone, every responder of a hop on its own line', async () => {
    const page = await runTrace(id => [
      result(id, 'peerB', 'beta', [
        // The path's discovery (5 ms each) must not count; rounds 1 … 4: 1, lost, 2, 4 -> 25 %, mean 7/3 = 2.33,
        // sd sqrt((16/9 + 1/9 + 25/9) / 2) = 1.528, jitter (1 + 2) / 2 = 1.5.
        hop(1, [answer(R1, 5), answer(R1, 5), answer(R1, 5), answer(R1, 1, 1), lost(2), answer(R1, 2, 3), answer(R1, 4, 4)]),
        // Two responders (R3 first, as the hop names it); rounds 2, 3, 2.5, 3.5 -> mean 2.75,
        // sd sqrt((0.5625 + 0.0625 + 0.0625 + 0.5625) / 3) = 0.645, jitter (1 + 0.5 + 1) / 3 = 0.833.
        hop(2, [answer(R3, 9), answer(R2, 2, 1), answer(R3, 3, 2), answer(R2, 2.5, 3), answer(R3, 3.5, 4)]),
        hop(3, [answer(TARGET, 6), answer(TARGET, 3, 1), answer(TARGET, 3, 2), answer(TARGET, 3, 3), answer(TARGET, 3, 4)])
      ], true)
    ])
    const details = page.locator('#rows li.row').first().locator('details.hop-table')
    await details.locator('summary').click()
    const table = details.locator('table')
    await table.waitFor({ state: 'visible' })
    assert.equal(await table.locator('caption').textContent(), 'beta to 198.18.9.2: RTTs in ms, from the 4 rounds\' probes')
    assert.deepEqual(await tableCells(table), [
      ['1', 'r1.lab.test', R1, '25.0%', '4', '4.00', '2.33', '1.00', '4.00', '1.53', '1.50'],
      ['2', ' / r2.lab.test [AS64502]', `${R3} / ${R2}`, '0.0%', '4', '3.50', '2.75', '2.00', '3.50', '0.65', '0.83'],
      ['3', '', TARGET, '0.0%', '4', '3.00', '3.00', '3.00', '3.00', '0.00', '0.00']
    ])
    assert.deepEqual(consoleErrors, [])
    await page.close()
  })
})
