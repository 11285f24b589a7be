// The web view as a user looks at it, in real headless Chromium at 1280 × 800 against the fake node: a map far wider
// than the window is fitted whole into it (every node and link inside, the target too), zooms about the pointer on
// the wheel, follows a drag, cannot be dragged out of sight, and comes back whole on "fit"; the form sends port, max hops,
// queries, rounds, from and limit; the trace shows its start time (in the browser's zone), what it asked for and a link
// that opens it again.

import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { Locator, Page } from 'playwright-core'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { renderMapSvg } from '../../src/format/map-svg.js'
import { MAX_PROBE_PORT, MAX_SELECTION_LIMIT } from '../../src/model/limits.js'
import { METHODS } from '../../src/model/trace.js'
import type { VantageResult } from '../../src/overlay/types.js'
import { MAX_MAX_HOPS, MAX_QUERIES, MAX_ROUNDS, MAX_TRACE_TIMEOUT_S } from '../../src/web/server/constants.js'
import { viewOf } from '../../src/web/server/trace-feed.js'
import { MANUAL_CLOCK_START } from '../time/manual-clock.js'
import { launchBrowser, mapNotWhole, rects, requireChromium, type HeadlessBrowser, type Rect } from './browser.js'
import { FakeHistory, SAMPLE_SUMMARY, TARGET, storedTrace } from './fake-node.js'
import { startFixture, type Fixture } from './server-fixture.js'

const WIDTH = 1280
const HEIGHT = 800
const SCREENSHOTS = 'test-output/web'
const VANTAGES = 3
const HOPS = 24

/** Three paths of 24 hops with IPv6 addresses: a map several times wider than any window. */
function wideResults (requestId: string): VantageResult[] {
  return Array.from({ length: VANTAGES }, (_, v) => ({
    requestId,
    peer: `peer${v}`,
    name: `vantage-${v}`,
    signature: new Uint8Array([1]),
    trace: {
      target: TARGET, addr: TARGET, method: 'icmp', reached: true, durationMs: 50, probesSent: HOPS * 2,
      hops: Array.from({ length: HOPS }, (_, t) => ({
        ttl: t + 1,
        addr: t === HOPS - 1 ? TARGET : `2001:db8:${v}:${t + 1}::1`,
        rtts: [2 * (t + 1) + v, 2 * (t + 1) + v + 0.2]
      }))
    }
  }))
}

const centre = (r: Rect): { x: number, y: number } => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })
const show = (r: Rect): string => `${r.x.toFixed(1)},${r.y.toFixed(1)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`

describe('web view page as a user looks at it (1280 px, fake node)', function () {
  this.timeout(60_000)
  let browser: HeadlessBrowser | undefined
  let fx: Fixture | undefined
  // A trace in the history that asked for udp, 12 hops, 1 query, 1 round, from DE and probe+AS3320, 2 of them.
  const older = storedTrace('c'.repeat(32), MANUAL_CLOCK_START - 3_600_000)
  older.request = { ...older.request, probe: { ...older.request.probe, method: 'udp', maxHops: 12, queries: 1, rounds: 1 }, selector: { terms: ['DE', 'probe+AS3320'], limit: 2, chosen: ['peerA', 'peerB'] } }

  before(async function () {
    requireChromium(this)
    fx = await startFixture({ history: new FakeHistory([older]) })
    // Berlin in November is UTC+01:00: the start time is shown in the browser's zone, with its offset.
    browser = await launchBrowser({ timezoneId: 'Europe/Berlin' })
  })
  after(async () => {
    await browser?.close()
    await fx?.server.close()
  })

  const newPage = async (): Promise<Page> => {
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.setViewportSize({ width: WIDTH, height: HEIGHT })
    return page
  }
  const mapParts = (page: Page): Locator => page.locator('#map svg g.node, #map svg g.edge')
  const portBox = async (page: Page): Promise<Rect> => (await rects(page.locator('#map .map-port')))[0]
  const nodeBox = async (page: Page, id: string): Promise<Rect> => (await rects(page.locator(`#map svg g.node[data-id="${id}"]`)))[0]
  /** Waits for the map's scale (the viewport's data-scale) to differ from `old`, and returns it. */
  const scaleAfter = async (page: Page, old: string): Promise<number> => {
    await page.locator(`#map .map-port:not([data-scale="${old}"])`).waitFor()
    return Number(await page.locator('#map .map-port').getAttribute('data-scale'))
  }

  /** Every node and link of the map inside its viewport, the viewport inside the window, nothing scrolled sideways. */
  const assertWholeMapShown = async (page: Page): Promise<void> => {
    assert.equal(await mapNotWhole(page, WIDTH), undefined)
    assert.equal((await rects(mapParts(page))).length, 73 + 72, 'every node and link is drawn')
    const target = await nodeBox(page, 'target')
    assert.ok(target.x >= 0 && target.x + target.width <= WIDTH, `the target ${show(target)} is inside the window`)
    const [scrollWidth, clientWidth] = await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]') as number[]
    assert.ok(scrollWidth <= clientWidth, `no sideways scrolling: ${scrollWidth} > ${clientWidth}`)
  }

  it('sends port, max hops, queries, from and limit; shows the start time, what was asked and a share link', async () => {
    const { base, runner } = fx as Fixture
    const page = await newPage()
    await page.goto(`${base}/`)
    // The form's choices and bounds are the server's.
    assert.deepEqual(await page.locator('#method option').evaluateAll((els: unknown[]) => els.map(el => (el as { value: string }).value)), [...METHODS])
    assert.deepEqual(await Promise.all(['#max-hops', '#queries', '#rounds', '#limit', '#timeout', '#port'].map(async id => await page.locator(id).getAttribute('max'))),
      [String(MAX_MAX_HOPS), String(MAX_QUERIES), String(MAX_ROUNDS), String(MAX_SELECTION_LIMIT), String(MAX_TRACE_TIMEOUT_S), String(MAX_PROBE_PORT)])
    assert.equal(await page.inputValue('#max-hops'), '30')
    assert.equal(await page.inputValue('#queries'), '3')
    // Out of bounds: the browser holds the form back (the server would refuse it too: trace-input.test.ts).
    await page.fill('#target', TARGET)
    await page.fill('#max-hops', String(MAX_MAX_HOPS + 1))
    assert.equal(await page.evaluate('document.getElementById("trace-form").checkValidity()'), false)

    await page.selectOption('#method', 'udp')
    await page.fill('#port', '33500')
    await page.fill('#timeout', '9')
    await page.fill('#max-hops', '24')
    await page.fill('#queries', '2')
    await page.fill('#rounds', '3')
    await page.fill('#from', 'DE, probe+AS3320')
    await page.fill('#limit', '2')
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const trace = runner.last
    assert.deepEqual(trace.params, { target: TARGET, method: 'udp', port: 33500, timeoutMs: 9000, maxHops: 24, queries: 2, rounds: 3, from: ['DE', 'probe+AS3320'], limit: 2 })

    // MANUAL_CLOCK_START is 2023-11-14T22:13:20Z: 23:13:20 in Berlin.
    await page.locator('#trace-info:not([hidden])').waitFor()
    assert.equal(trace.startedAt, MANUAL_CLOCK_START)
    assert.equal(await page.locator('#trace-started').textContent(), '2023-11-14 23:13:20 UTC+01:00')
    assert.equal(await page.locator('#trace-started').getAttribute('datetime'), '2023-11-14T22:13:20.000Z')
    assert.equal(await page.locator('#trace-asked').textContent(), 'udp port 33500, max 24 hops, 2 queries, 3 rounds, from DE, probe+AS3320, limit 2')
    const url = `${base}/traces/${trace.id}`
    assert.equal(await page.locator('#trace-link').getAttribute('href'), url)
    assert.equal(await page.locator('#trace-link').textContent(), url)
    trace.end(SAMPLE_SUMMARY)
    await page.locator('#summary:not([hidden])').waitFor()

    // The link opens the trace again, with the same heading.
    const again = await newPage()
    await again.goto(url)
    await again.locator('#summary:not([hidden])').waitFor()
    await again.locator('#trace-info:not([hidden])').waitFor()
    assert.equal(await again.locator('#trace-started').textContent(), '2023-11-14 23:13:20 UTC+01:00')
    assert.equal(await again.locator('#trace-link').getAttribute('href'), url)
    await again.close()

    // One from the history: what its signed request asked for, and when.
    await page.goto(`${base}/traces/${older.id}`)
    await page.locator('#summary:not([hidden])').waitFor()
    await page.locator('#trace-info:not([hidden])').waitFor()
    assert.equal(await page.locator('#trace-started').textContent(), '2023-11-14 22:13:20 UTC+01:00')
    assert.equal(await page.locator('#trace-asked').textContent(), 'udp, max 12 hops, 1 query, 1 round, from DE, probe+AS3320, limit 2')
    assert.equal(await page.locator('#trace-link').getAttribute('href'), `${base}/traces/${older.id}`)
    // An unknown id: no heading, the reason in the status line.
    await page.goto(`${base}/traces/${'0'.repeat(32)}`)
    await page.locator('#trace-status', { hasText: `no trace ${'0'.repeat(32)}` }).waitFor()
    assert.equal(await page.locator('#trace-info').isHidden(), true)
    await page.close()
  })

  it('fits a map wider than the window whole into it; wheel zooms about the pointer, drag moves it, fit brings it back', async () => {
    const { base, runner } = fx as Fixture
    const page = await newPage()
    await page.goto(`${base}/`)
    await page.fill('#target', TARGET)
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const trace = runner.last
    const results = wideResults(trace.id)
    for (const result of results) trace.push(result)
    trace.end({ ...SAMPLE_SUMMARY, answered: VANTAGES, failed: [] })
    await page.locator('#summary:not([hidden])').waitFor()
    await page.locator('#map svg g.node').nth(72).waitFor()

    // The map as drawn is several windows wide: only fitting brings its target into view.
    const natural = /width="(\d+)"/.exec(renderMapSvg(buildMapGraph(TARGET, results.map(viewOf))))
    const port = await portBox(page)
    assert.ok(Number(natural?.[1]) > 3 * port.width, `the map is ${natural?.[1]} px wide, the viewport ${port.width}`)
    assert.equal(await page.locator('#map .map-port').getAttribute('data-fitted'), 'true')
    await assertWholeMapShown(page)
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: `${SCREENSHOTS}/page-wide-map-fitted.png` })

    // The wheel zooms in about the pointer: the node under it stays under it.
    const fitScale = await page.locator('#map .map-port').getAttribute('data-scale') ?? ''
    const id = `addr:2001:db8:1:12::1`
    const before = centre(await nodeBox(page, id))
    await page.mouse.move(before.x, before.y)
    await page.mouse.wheel(0, -100)
    const zoomed = await scaleAfter(page, fitScale)
    assert.ok(Math.abs(zoomed / Number(fitScale) - 1.25) < 0.01, `one notch zooms by 1.25: ${fitScale} -> ${zoomed}`)
    const after = centre(await nodeBox(page, id))
    assert.ok(Math.abs(after.x - before.x) < 1.5 && Math.abs(after.y - before.y) < 1.5, `${id} stayed under the pointer: ${JSON.stringify([before, after])}`)
    assert.equal(await page.locator('#map .map-port').getAttribute('data-fitted'), 'false')

    // A drag moves the map with the pointer.
    await page.mouse.down()
    await page.mouse.move(before.x + 150, before.y, { steps: 5 })
    await page.mouse.up()
    const dragged = centre(await nodeBox(page, id))
    assert.ok(Math.abs(dragged.x - (before.x + 150)) < 1.5 && Math.abs(dragged.y - before.y) < 1.5, `${id} followed the drag: ${JSON.stringify(dragged)}`)
    // Dragged far out, the map stops with part of it still in view.
    await page.mouse.move(before.x, before.y)
    await page.mouse.down()
    await page.mouse.move(before.x + 5000, before.y + 5000, { steps: 5 })
    await page.mouse.up()
    const view = await portBox(page)
    const seen = (await rects(page.locator('#map svg g.node'))).filter(r => r.x + r.width > view.x && r.x < view.x + view.width && r.y + r.height > view.y && r.y < view.y + view.height)
    assert.ok(seen.length > 0, 'some of the map is still in view')

    // "fit": the whole map again.
    await page.click('#map-fit')
    await page.locator('#map .map-port[data-fitted="true"]').waitFor()
    assert.equal(await page.locator('#map .map-port').getAttribute('data-scale'), fitScale)
    await assertWholeMapShown(page)
    // The buttons zoom about the middle.
    await page.click('#map-zoom-in')
    assert.ok(Math.abs(await scaleAfter(page, fitScale) / Number(fitScale) - 1.25) < 0.01)
    await page.close()
  })
})
