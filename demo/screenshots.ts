// Re-takes the pictures the docs show, from a live overlay: the demo's emulated WAN of 8 sites (one peer process
// per site, joined through the first), site 3 serving its web view, opened in headless Chromium inside site 3's
// namespace at 1280 × 800. The page traces site 8's host and is photographed (docs/web-view.png); the demo's own
// trace is drawn with `--map` (docs/demo-map.svg). Run after a change to the page or the map has landed:
// `npm run screenshots` (root, iproute2 and Chromium; `-- --out DIR` writes elsewhere than docs/).

import '../src/polyfill.js'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab, labPrerequisiteMissing, wan8, type Lab } from '../test/harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../test/harness/peer-process.js'
import { chromiumMissing, launchBrowser, type HeadlessBrowser } from '../test/web/browser.js'
import { namespaceRequest } from '../test/web/namespace-request.js'

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url))
const OUT = process.argv[2] === '--out' && process.argv[3] !== undefined ? resolve(process.argv[3]) : DOCS
const SITES = 8
/** The demo's entry site (the web view's node too) and the site whose host is traced. */
const ENTRY_SITE = 3
const TARGET_SITE = 8
const WEB_PORT = 8080
const WEB = `http://127.0.0.1:${WEB_PORT}`
const VIEWPORT = { width: 1280, height: 800 }
const TRACE_TIMEOUT_S = 15
const FORMATION_TIMEOUT_MS = 60_000
/** How long the entry may take to learn every site's self-description (they are swapped every 5 s). */
const DIRECTORY_TIMEOUT_MS = 60_000
const DIRECTORY_POLL_MS = 500

async function main (): Promise<number> {
  const missing = labPrerequisiteMissing() ?? chromiumMissing()
  if (missing !== null) {
    process.stderr.write(`screenshots: cannot run: ${missing}\n`)
    return 2
  }
  mkdirSync(OUT, { recursive: true })
  let lab: Lab | undefined
  let browser: HeadlessBrowser | undefined
  const peers: PeerProcess[] = []
  try {
    say(`building the demo's emulated WAN: ${SITES} sites`)
    lab = await createLab(wan8())
    const first = await startPeer(lab, 'h1', { name: 'site1' })
    peers.push(first)
    for (let i = 2; i <= SITES; i++) {
      const web = i === ENTRY_SITE ? ['--http', `127.0.0.1:${WEB_PORT}`] : []
      peers.push(await startPeer(lab, `h${i}`, { name: `site${i}`, bootstrap: [first.address], extraArgs: web }))
    }
    await Promise.all(peers.map(async p => { await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS) }))
    const entry = peers[ENTRY_SITE - 1]
    await entry.until('its web view', () => entry.log.includes(`web view on ${WEB}/`))
    await directoryComplete(lab, `h${ENTRY_SITE}`)
    say(`overlay formed; site${ENTRY_SITE} knows all ${SITES} vantage points`)

    const target = lab.addr(`h${TARGET_SITE}`, 4)
    browser = await launchBrowser({ namespace: lab.ns(`h${ENTRY_SITE}`), timezoneId: 'UTC' })
    const page = await browser.context.newPage()
    await page.setViewportSize(VIEWPORT)
    await page.goto(`${WEB}/`)
    await page.locator('#peers li').nth(SITES - 1).waitFor()
    await page.fill('#target', target)
    await page.fill('#timeout', String(TRACE_TIMEOUT_S))
    await page.click('#start')
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/)
    const waitMs = (TRACE_TIMEOUT_S + 10) * 1000
    await page.locator('#summary:not([hidden])').waitFor({ timeout: waitMs })
    await page.locator('#trace-info:not([hidden])').waitFor()
    await page.locator(`#history li.current`).waitFor()
    const summary = await page.locator('#summary').textContent() ?? ''
    // A picture of a broken run would document a bug: every site must have answered.
    if (!summary.startsWith(`answered ${SITES}/${SITES}`)) throw new Error(`the web trace did not answer from every site: ${summary}`)
    const webView = join(OUT, 'web-view.png')
    await page.screenshot({ path: webView, fullPage: true })
    say(`wrote ${webView} (${summary})`)

    // The demo's trace, drawn as the demo draws it (`npm run demo -- --map FILE`).
    const map = join(OUT, 'demo-map.svg')
    const run = await lab.exec(`h${ENTRY_SITE}`, [process.execPath, PEERTRACE_CLI, 'trace', '--peer', entry.address,
      target, '--format', 'tree', '--timeout', String(TRACE_TIMEOUT_S), '--map', map], { timeoutMs: waitMs })
    if (run.code !== 0) throw new Error(`trace --map exited with ${String(run.code)}: ${run.stderr.trim()}`)
    process.stdout.write(run.stdout)
    say(`wrote ${map}`)
    return 0
  } catch (err) {
    process.stderr.write(`screenshots failed: ${(err as Error).message}\n`)
    for (const p of peers) process.stderr.write(`--- ${p.name} ---\n${p.log}\n`)
    return 1
  } finally {
    await browser?.close()
    await Promise.all(peers.map(async p => { await p.stop() }))
    await lab?.destroy()
    say('torn down: every peer stopped, every namespace removed')
  }
}

/** Waits until the entry's directory lists every site (GET /api/peers from inside its namespace). */
async function directoryComplete (lab: Lab, host: string): Promise<void> {
  const deadline = Date.now() + DIRECTORY_TIMEOUT_MS
  for (;;) {
    const reply = await namespaceRequest(lab, host, { url: `${WEB}/api/peers` })
    const known = reply.status === 200 ? (JSON.parse(reply.body) as unknown[]).length : 0
    if (known >= SITES) return
    if (Date.now() > deadline) throw new Error(`site${ENTRY_SITE} knows ${known} of ${SITES} vantage points after ${DIRECTORY_TIMEOUT_MS / 1000} s`)
    await new Promise(resolve => setTimeout(resolve, DIRECTORY_POLL_MS))
  }
}

function say (text: string): void {
  process.stdout.write(text + '\n')
}

process.exitCode = await main()
