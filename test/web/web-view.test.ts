// The web view end to end, the acceptance test: three real `peertrace node` processes on the trio lab, the first
// serving its web view (--http 127.0.0.1:8080) inside its own namespace, and real headless Chromium in that same
// namespace. The page's form starts a trace; its three rows must be the lab's ground truth exactly, its map must
// name every hop and be shown whole in a 1280-px window; the heading carries the start time the node recorded and a
// share link; the trace's own URL from the history list shows it again; requests from another origin or with a bad
// body are refused and the page keeps working.

import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { MAX_TRACE_TIMEOUT_S } from '../../src/web/server/constants.js'
import { createLab, requireRoot, trio, type Lab } from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { launchBrowser, mapNotWhole, requireChromium, type HeadlessBrowser } from './browser.js'
import { namespaceRequest } from './namespace-request.js'

const VANTAGES = ['v1', 'v2', 'v3']
/** The peer whose web view the browser opens, and where the browser runs. */
const VIEW_HOST = 'v1'
const WEB = 'http://127.0.0.1:8080'
const FORMATION_TIMEOUT_MS = 60_000
const TRACE_TIMEOUT_S = 20
const SCREENSHOTS = 'test-output/web'
const WIDTH = 1280

describe('web view on an emulated network: three peers, the page in Chromium inside a peer\'s namespace', function () {
  this.timeout(240_000)
  let lab: Lab | undefined
  let browser: HeadlessBrowser | undefined
  const peers: PeerProcess[] = []

  before(async function () {
    requireRoot(this)
    requireChromium(this)
    lab = await createLab(trio())
    const first = await startPeer(lab, VIEW_HOST, { name: VIEW_HOST, extraArgs: ['--http', '127.0.0.1:8080'] })
    peers.push(first)
    await first.until('its web view', () => first.log.includes(`web view on ${WEB}/`))
    for (const host of VANTAGES.filter(h => h !== VIEW_HOST)) {
      peers.push(await startPeer(lab, host, { name: host, bootstrap: [first.address] }))
    }
    await Promise.all(peers.map(async p => {
      await p.until('2 neighbours', () => p.neighbours >= 2, FORMATION_TIMEOUT_MS)
    }))
    browser = await launchBrowser({ namespace: lab.ns(VIEW_HOST) })
  })

  after(async function () {
    await browser?.close()
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  /** The rows as the page shows them: name, hop tokens, flags, error. */
  const readRows = async (page: Page): Promise<Array<{ name: string, hops: string[], flags: string[], errors: string[] }>> => {
    const rows = page.locator('#rows li.row')
    const out = []
    for (let i = 0; i < await rows.count(); i++) {
      const row = rows.nth(i)
      out.push({
        name: await row.locator('.name').textContent() ?? '',
        hops: await row.locator('.hop').allTextContents(),
        flags: await row.locator('.flag').allTextContents(),
        errors: await row.locator('.error').allTextContents()
      })
    }
    return out
  }

  it('refuses a foreign origin, a foreign Host and a bad body from inside the namespace', async () => {
    const lab_ = lab as Lab
    const origin = await namespaceRequest(lab_, VIEW_HOST, {
      method: 'POST',
      url: `${WEB}/api/traces`,
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ target: lab_.addr('tgt', 4) })
    })
    assert.deepEqual(origin, { status: 403, body: '{"error":"cross-origin request refused: http://evil.example"}\n' })
    const host = await namespaceRequest(lab_, VIEW_HOST, { url: `${WEB}/api/history`, headers: { Host: 'evil.example:8080' } })
    assert.equal(host.status, 421, host.body)
    const body = await namespaceRequest(lab_, VIEW_HOST, {
      method: 'POST',
      url: `${WEB}/api/traces`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: lab_.addr('tgt', 4), timeout: 0 })
    })
    assert.deepEqual(body, { status: 400, body: `{"error":"timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}"}\n` })
    // Nothing was started by any of them.
    const history = await namespaceRequest(lab_, VIEW_HOST, { url: `${WEB}/api/history` })
    assert.deepEqual(history, { status: 200, body: '' })
  })

  it('a trace from the page: three rows exactly the ground truth, every hop on the map, shown again from history', async () => {
    const lab_ = lab as Lab
    const target = lab_.addr('tgt', 4)
    const expected = new Map(VANTAGES.map(host => [host, lab_.path(host, 'tgt', 4)]))
    const page = await (browser as HeadlessBrowser).context.newPage()
    await page.setViewportSize({ width: WIDTH, height: 800 })
    await page.goto(`${WEB}/`)
    await page.locator('#node-name', { hasText: VIEW_HOST }).waitFor()

    await page.fill('#target', target)
    await page.selectOption('#method', 'icmp')
    await page.fill('#timeout', String(TRACE_TIMEOUT_S))
    const clicked = Date.now()
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const started = Date.now()
    const id = new URL(page.url()).pathname.split('/').at(-1) as string
    const waitMs = (TRACE_TIMEOUT_S + 10) * 1000
    await page.locator('#rows li.row').nth(VANTAGES.length - 1).waitFor({ timeout: waitMs })
    await page.locator('#summary:not([hidden])').waitFor({ timeout: waitMs })

    const rows = await readRows(page)
    assert.deepEqual(rows.map(r => r.name).sort(), VANTAGES)
    for (const row of rows) {
      assert.deepEqual(row.errors, [], row.name)
      assert.deepEqual(row.flags, [], row.name)
      assert.deepEqual(row.hops, expected.get(row.name), `${row.name}: ${row.hops.join(' ')}`)
    }
    assert.match(await page.locator('#summary').textContent() ?? '', /^answered 3\/3, \d+\.\d\d s$/)

    // The map: a node for every vantage point and every hop address of every path.
    await page.locator('#map svg g.node.target').waitFor()
    const labels = new Set(await page.locator('#map svg g.node text').allTextContents())
    for (const label of [...VANTAGES, ...[...expected.values()].flat()]) assert.ok(labels.has(label), `the map has no node ${label}: ${[...labels].join(', ')}`)

    // The whole map in view at 1280 px, the target too.
    assert.equal(await mapNotWhole(page, WIDTH), undefined)
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: `${SCREENSHOTS}/web-view.png`, fullPage: true })

    // The history list links the trace's own URL; opened in a new page it shows the same rows, from the history.
    const link = page.locator(`#history a[href="/traces/${id}"]`)
    await link.waitFor()
    // The heading: the start time the node gives (between the click and the trace's URL, on the one clock the
    // namespaces share), what was asked, and the trace's own URL to share.
    const info = JSON.parse((await namespaceRequest(lab_, VIEW_HOST, { url: `${WEB}/api/traces/${id}/info` })).body) as { startedAt: number }
    assert.ok(info.startedAt >= clicked && info.startedAt <= started, `${info.startedAt} in ${clicked}..${started}`)
    await page.locator('#trace-info:not([hidden])').waitFor()
    assert.equal(await page.locator('#trace-started').getAttribute('datetime'), new Date(info.startedAt).toISOString())
    assert.equal(await page.locator('#trace-asked').textContent(), 'icmp, max 30 hops, 3 queries')
    assert.equal(await page.locator('#trace-link').getAttribute('href'), `${WEB}/traces/${id}`)
    const again = await (browser as HeadlessBrowser).context.newPage()
    await again.goto(`${WEB}${await link.getAttribute('href') ?? ''}`)
    await again.locator('#summary:not([hidden])').waitFor()
    assert.deepEqual((await readRows(again)).sort((a, b) => a.name.localeCompare(b.name)), rows.sort((a, b) => a.name.localeCompare(b.name)))
    await again.locator('#map svg g.node.target').waitFor()
    await again.close()
    await page.close()

    // And the API says the same as the page, in the CLI's JSON lines.
    const ndjson = await namespaceRequest(lab_, VIEW_HOST, { url: `${WEB}/api/traces/${id}` })
    const lines = ndjson.body.trimEnd().split('\n').map(line => JSON.parse(line) as { name?: string, hops?: Array<{ addr: string | null }>, summary?: { answered: number } })
    assert.equal(lines.at(-1)?.summary?.answered, 3)
    for (const line of lines.slice(0, -1)) assert.deepEqual(line.hops?.map(h => h.addr), expected.get(line.name ?? ''))
  })
})
