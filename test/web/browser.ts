// Real headless Chromium for the web view tests, through playwright-core: a fresh profile per launch (removed on
// close), no network but what the page asks for, and optionally inside a lab node's network namespace (Chromium
// runs through a wrapper that `ip netns exec`s it; playwright drives it over a pipe, so that works).

import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'

/** The system Chromium (Debian's package); PEERTRACE_CHROMIUM names another. */
const CHROMIUM = process.env.PEERTRACE_CHROMIUM ?? '/usr/bin/chromium'

/** Quiet, local-only Chromium: no sandbox (root in CI), no GPU, no QUIC, no background fetches of its own. */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'
]

/** Why headless Chromium cannot be launched here, or null when it can. */
export function chromiumMissing (): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PEERTRACE_CHROMIUM)`
}

/** Call from a suite's `before` hook: skips the suite, saying why, where there is no Chromium. */
export function requireChromium (ctx: Mocha.Context): void {
  const missing = chromiumMissing()
  if (missing === null) return
  const suite = ctx.test?.parent?.fullTitle() ?? 'suite'
  // The skip is the point of this helper, so it speaks on the console (as requireRoot does).
  console.log(`      skipping "${suite}": ${missing}`)
  ctx.skip()
}

export interface HeadlessBrowser {
  context: BrowserContext
  /** Closes Chromium (by the pid playwright started) and removes its profile and wrapper. */
  close: () => Promise<void>
}

/**
 * Launches Chromium with a new profile; in `namespace` (a lab node's, `ip netns` name) when given; with
 * `timezoneId` the page's local time is that zone's, whatever the machine's.
 */
export async function launchBrowser (options: { namespace?: string, timezoneId?: string } = {}): Promise<HeadlessBrowser> {
  const scratch = await mkdtemp(join(tmpdir(), 'peertrace-browser-'))
  let executablePath = CHROMIUM
  if (options.namespace !== undefined) {
    executablePath = join(scratch, 'chromium-in-netns')
    // `ip netns exec` execs Chromium in place: playwright's pid is Chromium's, and the pipe fds pass through.
    await writeFile(executablePath, `#!/bin/sh\nexec ip netns exec '${options.namespace}' '${CHROMIUM}' "$@"\n`)
    await chmod(executablePath, 0o755)
  }
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath, headless: true, args: ARGS, timezoneId: options.timezoneId })
  } catch (err) {
    await rm(scratch, { recursive: true, force: true })
    throw err
  }
  let closing: Promise<void> | undefined
  return {
    context,
    close: async () => {
      closing ??= (async () => {
        try {
          await context.close()
        } finally {
          await rm(scratch, { recursive: true, force: true })
        }
      })()
      await closing
    }
  }
}

/** A CSS property as the browser computed it for the first element `locator` finds. */
export async function computedStyle (locator: Locator, property: string): Promise<string> {
  // The function runs in the page; this project's type check has no DOM types, so the page's global is described.
  type PageGlobal = { getComputedStyle: (el: unknown) => { getPropertyValue: (name: string) => string } }
  return await locator.first().evaluate((el: unknown, name: string) =>
    (globalThis as unknown as PageGlobal).getComputedStyle(el).getPropertyValue(name), property)
}

export interface Rect { x: number, y: number, width: number, height: number }

/** The page rectangles (CSS px, from the window's top left) of every element `locator` finds. */
export async function rects (locator: Locator): Promise<Rect[]> {
  type Boxed = { getBoundingClientRect: () => Rect }
  return await locator.evaluateAll((els: unknown[]) => els.map(el => {
    const r = (el as Boxed).getBoundingClientRect()
    return { x: r.x, y: r.y, width: r.width, height: r.height }
  }))
}

/** Why the page's map is not shown whole inside its viewport and the window (`width` px wide), or undefined. */
export async function mapNotWhole (page: Page, width: number): Promise<string | undefined> {
  const show = (r: Rect): string => `${r.x.toFixed(1)},${r.y.toFixed(1)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`
  const [port] = await rects(page.locator('#map .map-port'))
  if (port === undefined) return 'no map viewport'
  if (port.x < 0 || port.x + port.width > width) return `the map's viewport ${show(port)} is not inside the window`
  const slack = 0.5
  for (const r of await rects(page.locator('#map svg g.node, #map svg g.edge'))) {
    if (r.x < port.x - slack || r.y < port.y - slack || r.x + r.width > port.x + port.width + slack || r.y + r.height > port.y + port.height + slack) {
      return `${show(r)} is not inside the viewport ${show(port)}`
    }
  }
  return undefined
}
