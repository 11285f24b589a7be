// The self-contained map page (`trace --map FILE.html`, src/format/map-html.ts) in real headless Chromium, opened
// from a file: it renders every node and edge with its styles, the browser requests nothing but the file, and a map
// several windows wide is fitted whole into a 1280 × 800 window (no scrolling).

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { renderMapHtml } from '../../src/format/map-html.js'
import { renderMapSvg } from '../../src/format/map-svg.js'
import { TARGET, trace, view } from '../format/map-fixtures.js'
import type { MeasuredTrace } from '../../src/model/index.js'
import { computedStyle, launchBrowser, rects, requireChromium, type HeadlessBrowser } from './browser.js'

const WINDOW = { width: 1280, height: 800 }

/** Three paths of 24 hops with IPv6 addresses: a map several times wider than any window. */
function widePaths (): ReturnType<typeof view>[] {
  return Array.from({ length: 3 }, (_, v) => {
    const hops: MeasuredTrace['hops'] = Array.from({ length: 24 }, (_, t) => ({
      ttl: t + 1, addr: t === 23 ? TARGET : `2001:db8:${v}:${t + 1}::1`, rtts: [2 * (t + 1) + v]
    }))
    return view(`p${v}`, `vantage-${v}`, trace(hops, true))
  })
}

describe('network map page in a browser', function () {
  this.timeout(60_000)
  let browser: HeadlessBrowser | undefined
  let dir: string | undefined

  before(async function () {
    requireChromium(this)
    browser = await launchBrowser()
    dir = await mkdtemp(join(tmpdir(), 'peertrace-map-page-'))
  })
  after(async () => {
    await browser?.close()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('renders the SVG from the file alone: no request but the file itself', async () => {
    const views = [
      view('pA', 'alpha', trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: '10.0.1.1', rtts: [2] }, { ttl: 3, addr: TARGET, rtts: [3] }], true)),
      view('pB', 'beta', trace([{ ttl: 1, addr: '10.0.0.5', rtts: [1] }, { ttl: 2, addr: null, rtts: [] }, { ttl: 3, addr: '10.0.1.1', rtts: [2] }, { ttl: 4, addr: TARGET, rtts: [4] }], true)),
      view('pC', 'gamma "<img src=http://192.0.2.1/x>"', trace([{ ttl: 1, addr: '10.0.0.9', rtts: [1], flag: '!N' }], false))
    ]
    const graph = buildMapGraph(TARGET, views)
    const file = join(dir as string, 'map.html')
    await writeFile(file, renderMapHtml(renderMapSvg(graph), `paths to ${TARGET}`))
    const url = pathToFileURL(file).href

    const context = (browser as HeadlessBrowser).context
    const requests: string[] = []
    const onRequest = (request: { url: () => string }): void => { requests.push(request.url()) }
    context.on('request', onRequest)
    const page = await context.newPage()
    try {
      await page.goto(url, { waitUntil: 'load' })
      assert.equal(await page.locator('svg.peertrace-map g.node').count(), graph.nodes.length)
      assert.equal(await page.locator('svg.peertrace-map g.edge').count(), graph.edges.length)
      // Every label is text, the hostile name too (it made no element and no request).
      const labels = await page.locator('svg.peertrace-map g.node text').allTextContents()
      assert.deepEqual(labels.sort(), graph.nodes.map(n => n.label).sort())
      assert.equal(await page.locator('img').count(), 0)
      // The SVG's own style sheet applied (the page's CSP allows inline styles only).
      assert.equal(await computedStyle(page.locator('svg.peertrace-map g.node.vantage rect'), 'fill'), 'rgb(219, 232, 255)')
      // Laid out: the SVG has a real size.
      const box = await page.locator('svg.peertrace-map').boundingBox()
      assert.ok(box !== null && box.width > 100 && box.height > 50, JSON.stringify(box))
    } finally {
      await page.close()
      context.off('request', onRequest)
    }
    assert.deepEqual(requests, [url])
  })

  it('fits a map several windows wide whole into the window: every node inside it, nothing to scroll', async () => {
    const graph = buildMapGraph(TARGET, widePaths())
    const svg = renderMapSvg(graph)
    const natural = Number(/<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1])
    assert.ok(natural > 3 * WINDOW.width, `the map is ${natural} px wide`)
    const file = join(dir as string, 'wide.html')
    await writeFile(file, renderMapHtml(svg, `paths to ${TARGET}`))
    const page = await (browser as HeadlessBrowser).context.newPage()
    try {
      await page.setViewportSize(WINDOW)
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
      const nodes = await rects(page.locator('svg.peertrace-map g.node'))
      assert.equal(nodes.length, graph.nodes.length)
      const outside = nodes.filter(r => r.x < 0 || r.y < 0 || r.x + r.width > WINDOW.width || r.y + r.height > WINDOW.height)
      assert.deepEqual(outside, [], 'nodes outside the window')
      type Scrolled = { document: { scrollingElement: { scrollWidth: number, scrollHeight: number } } }
      const scroll = await page.evaluate(() => {
        const el = (globalThis as unknown as Scrolled).document.scrollingElement
        return { width: el.scrollWidth, height: el.scrollHeight }
      })
      assert.ok(scroll.width <= WINDOW.width && scroll.height <= WINDOW.height, JSON.stringify(scroll))
    } finally {
      await page.close()
    }
  })
})
