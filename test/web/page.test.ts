// The web view's page in real headless Chromium against this process's web server over the fake node: the form
// starts a trace, rows appear as results land (the CLI's lines, exactly), the map is redrawn with every hop, the
// summary closes it; the trace's own URL shows it again from the history; nothing is fetched from elsewhere and the
// strict CSP blocks nothing the page needs.

import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { ConsoleMessage, Page } from 'playwright-core'
import { summaryLine, vantageLine } from '../../src/format/lines.js'
import { viewOf } from '../../src/web/server/trace-feed.js'
import { computedStyle, launchBrowser, requireChromium, type HeadlessBrowser } from './browser.js'
import { FakeHistory, SAMPLE_SUMMARY, TARGET, sampleResults, storedTrace } from './fake-node.js'
import { startFixture, type Fixture } from './server-fixture.js'
import { MANUAL_CLOCK_START } from '../time/manual-clock.js'

const SCREENSHOTS = 'test-output/web'
/** What the node's directory holds: itself with labels, and one bare peer. */
const PEERS = [
  { peer: '12D3KooWself', name: 'ber-1', tags: ['probe'], country: 'DE', city: 'Berlin', asn: 3320, families: ['ipv4', 'ipv6'] as const, version: '0.1.0', timestamp: Date.now(), signature: new Uint8Array([1]) },
  { peer: '12D3KooWbare', name: 'bare', tags: [], families: ['ipv4'] as const, version: '0.1.0', timestamp: Date.now(), signature: new Uint8Array([1]) }
].map((p) => ({ ...p, families: [...p.families] }))

describe('web view page in a browser (fake node)', function () {
  this.timeout(60_000)
  let browser: HeadlessBrowser | undefined
  let fx: Fixture | undefined
  // An hour before the fake runner's traces start (its clock starts at MANUAL_CLOCK_START).
  const older = storedTrace('f'.repeat(32), MANUAL_CLOCK_START - 3_600_000)
  /** Every URL the browser asked for, and every console error (a CSP violation is one). */
  const requests: string[] = []
  const consoleErrors: string[] = []

  before(async function () {
    requireChromium(this)
    fx = await startFixture({ history: new FakeHistory([older]), peers: () => PEERS })
    browser = await launchBrowser()
    browser.context.on('request', (request) => { requests.push(request.url()) })
    browser.context.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
  })
  after(async () => {
    await browser?.close()
    await fx?.server.close()
  })

  const rowsOf = async (page: Page): Promise<string[]> => await page.locator('#rows li.row').allTextContents()

  it('starts a trace from the form; rows, map and summary follow the results as they land', async () => {
    const { base, runner, history } = fx as Fixture
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.goto(`${base}/`)
    await page.locator('#node-name', { hasText: 'test-node' }).waitFor()
    await page.locator(`#history a[href="/traces/${older.id}"]`).waitFor()

    // The server's reason for a bad target is shown next to the form.
    await page.fill('#target', 'not a host!')
    await page.click('#start')
    await page.locator('#form-error', { hasText: 'target must be a host name or an IP address' }).waitFor()
    assert.equal(runner.traces.length, 0)

    await page.fill('#target', TARGET)
    await page.selectOption('#method', 'udp')
    await page.fill('#timeout', '7')
    await page.fill('#rounds', '4')
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    assert.equal(await page.locator('#form-error').isHidden(), true)
    const trace = runner.last
    assert.deepEqual(trace.params, { target: TARGET, method: 'udp', timeoutMs: 7000, maxHops: 30, queries: 3, rounds: 4 })
    assert.equal(new URL(page.url()).pathname, `/traces/${trace.id}`)

    const results = sampleResults(trace.id)
    for (const [i, result] of results.entries()) {
      trace.push(result)
      await page.locator('#rows li.row').nth(i).waitFor()
      assert.deepEqual(await rowsOf(page), results.slice(0, i + 1).map(r => vantageLine(viewOf(r))))
    }
    // Each row's tokens: the hop addresses, '*' for silence, the flag after its hop.
    assert.deepEqual(await page.locator('#rows li.row').nth(1).locator('.hop').allTextContents(), ['198.18.2.1', '*', '198.18.4.1'])
    assert.deepEqual(await page.locator('#rows li.row').nth(1).locator('.flag').allTextContents(), ['!H'])
    // The map is redrawn as results land: every hop address is a node of it.
    for (const label of ['alpha', 'beta', '198.18.1.1', '198.18.3.1', '198.18.2.1', '198.18.4.1 !H']) {
      await page.locator('#map svg g.node text', { hasText: label }).first().waitFor()
    }

    // The node records it; the summary ends it, and the history list then links to it.
    history.traces.push({ ...storedTrace(trace.id, trace.startedAt), request: { ...older.request, id: trace.id } })
    trace.end(SAMPLE_SUMMARY)
    const summary = summaryLine({ target: TARGET, ...SAMPLE_SUMMARY })
    await page.locator('#summary', { hasText: summary }).waitFor()
    assert.equal(await page.locator('#summary').textContent(), summary)
    assert.equal(await page.locator('#trace-title').textContent(), `paths to ${TARGET}`)
    await page.locator(`#history li.current a[href="/traces/${trace.id}"]`).waitFor()
    // The map's own style sheet applied: the CSP admits it by its hash, and nothing else inline.
    assert.equal(await computedStyle(page.locator('#map svg g.node.vantage rect'), 'fill'), 'rgb(219, 232, 255)')
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: `${SCREENSHOTS}/page-fake-node.png`, fullPage: true })

    // Its URL opened directly shows it again, from the history: the same rows and summary, and its map.
    const again = await (browser as HeadlessBrowser).context.newPage()
    await again.goto(`${base}/traces/${trace.id}`)
    await again.locator('#summary', { hasText: summary }).waitFor()
    assert.deepEqual(await rowsOf(again), results.map(r => vantageLine(viewOf(r))))
    await again.locator('#map svg g.node text', { hasText: '198.18.3.1' }).waitFor()
    await again.close()
    await page.close()
  })

  it('lists the vantage points with their labels, and sends from and limit with a trace', async () => {
    const { base, runner } = fx as Fixture
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.goto(`${base}/`)
    await page.locator('#peers li').nth(1).waitFor()
    assert.deepEqual(await page.locator('#peers li .name').allTextContents(), ['ber-1', 'bare'])
    assert.deepEqual(await page.locator('#peers li .labels').allTextContents(), [' probe, DE, Berlin, AS3320', ' '])
    assert.match(await page.locator('#peers li .when').first().textContent() ?? '', /^ipv4, ipv6 · seen \d+ s ago$/)
    await page.fill('#target', TARGET)
    await page.fill('#from', 'probe, DE')
    await page.fill('#limit', '2')
    const before = runner.traces.length
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    assert.equal(runner.traces.length, before + 1)
    assert.deepEqual(runner.last.params, { target: TARGET, method: 'icmp', timeoutMs: 20_000, maxHops: 30, queries: 3, from: ['probe', 'DE'], limit: 2 })
    runner.last.end(SAMPLE_SUMMARY)
    await page.close()
  })

  it('a history link opens that trace; an unknown id says so', async () => {
    const { base } = fx as Fixture
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.goto(`${base}/`)
    await page.click(`#history a[href="/traces/${older.id}"]`)
    await page.waitForURL(`${base}/traces/${older.id}`)
    await page.locator('#summary', { hasText: 'answered 2/3' }).waitFor()
    assert.equal((await rowsOf(page)).length, 3)

    await page.goto(`${base}/traces/${'0'.repeat(32)}`)
    await page.locator('#trace-status', { hasText: `no trace ${'0'.repeat(32)}` }).waitFor()
    await page.close()
  })

  it('fetched nothing from elsewhere and violated no CSP', () => {
    const { base } = fx as Fixture
    assert.ok(requests.length > 0)
    assert.deepEqual(requests.filter(url => new URL(url).origin !== base), [])
    // Only the refusals the tests asked for on purpose (the bad target's 400, the unknown id's 404).
    assert.deepEqual(consoleErrors.filter(text => !/status of (400 \(Bad Request\)|404 \(Not Found\))$/.test(text)), [])
  })
})
