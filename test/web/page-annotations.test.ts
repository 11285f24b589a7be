// Hop names and AS numbers on the web view's page, in real headless Chromium: the server annotates each streamed
// result (here with a resolver the test answers and a database it wrote: nothing is looked up on any network), and
// the page shows `name (addr) [ASn]` in its rows, the AS name on hover, and the same labels on the map's routers.

import assert from 'node:assert/strict'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { ReverseDns } from '../../src/annotate/reverse-dns.js'
import { TraceAnnotator } from '../../src/annotate/trace-annotator.js'
import { launchBrowser, requireChromium, type HeadlessBrowser } from './browser.js'
import { SAMPLE_SUMMARY, TARGET, sampleResults } from './fake-node.js'
import { startFixture, type Fixture } from './server-fixture.js'

const NAMES: Record<string, string> = { '198.18.2.1': 'r2.lab.test', '198.18.1.1': 'r1.lab.test' }
const ASN = AsnDatabase.parse('198.18.2.0\t198.18.2.255\t64502\tNL\tSECOND-NET\n198.18.4.0\t198.18.4.255\t64504\tDE\t\n')

describe('web view page: hop names and AS numbers (fake node, a resolver the test answers)', function () {
  this.timeout(60_000)
  let browser: HeadlessBrowser | undefined
  let fx: Fixture | undefined
  const asked: string[] = []

  before(async function () {
    requireChromium(this)
    const dns = new ReverseDns({ lookup: async (addr) => { asked.push(addr); return NAMES[addr] } })
    fx = await startFixture({ annotator: () => new TraceAnnotator({ dns, asn: ASN }) })
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await fx?.server.close()
  })

  it('rows and map show names and AS numbers; the AS name on hover', async () => {
    const { base, runner } = fx as Fixture
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.goto(`${base}/`)
    await page.fill('#target', TARGET)
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const trace = runner.last
    const results = sampleResults(trace.id)
    for (const result of results) trace.push(result)
    trace.end(SAMPLE_SUMMARY)
    await page.locator('#summary').filter({ hasText: 'answered' }).waitFor()
    const row = page.locator('#rows li.row').nth(1)
    assert.deepEqual(await row.locator('.hop').allTextContents(), ['r2.lab.test (198.18.2.1) [AS64502]', '*', '198.18.4.1 [AS64504]'])
    assert.match(await row.locator('.hop').first().getAttribute('title') ?? '', /^TTL 1, [\d.]+ ms, SECOND-NET$/)
    for (const label of ['r1.lab.test (198.18.1.1)', 'r2.lab.test (198.18.2.1) [AS64502]', '198.18.4.1 [AS64504] !H', '198.18.3.1']) {
      await page.locator('#map svg g.node text', { hasText: label }).first().waitFor()
    }
    // Every address was looked up once, however many results and viewers named it.
    assert.equal(new Set(asked).size, asked.length)
    await page.close()
  })
})
