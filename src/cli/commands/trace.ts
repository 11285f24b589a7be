// `peertrace trace <target>`: asks the overlay, through one peer, to trace <target> from every vantage point,
// and prints the results as they land (lines, NDJSON) or once all are in (tree); --map also draws them to a file.

import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { METHODS, defaults, type Method } from '../../engine/index.js'
import { summaryLine, vantageLine } from '../../format/lines.js'
import { summaryJson, vantageJson } from '../../format/ndjson.js'
import { formatTree } from '../../format/tree.js'
import type { SummaryView, VantageView } from '../../format/vantage.js'
import { DEFAULT_HOP_BUDGET, MAX_HOP_BUDGET } from '../../node/constants.js'
import { EXIT_FAILURE, EXIT_USAGE } from '../exit-codes.js'
import { integer, oneOf } from '../option-parsers.js'
import { Progress } from '../progress.js'

export const FORMATS = ['lines', 'tree', 'json'] as const
export type Format = typeof FORMATS[number]

export interface TraceFlags {
  port?: number
  peer?: string
  format: Format
  timeout: number
  method: Method
  maxHops: number
  queries: number
  hops: number
  swarmKey?: string
  identity?: string
  map?: string
}

export function traceCommand (program: Command): void {
  program.command('trace')
    .description('trace <target> from every peer of the overlay, through the peer at -p PORT or --peer ADDR')
    .argument('<target>', 'IP address or host name (each peer resolves it)')
    .option('-p, --port <port>', 'local peer at 127.0.0.1:PORT', integer(1, 65535))
    .option('--peer <addr>', 'any peer: host:port or multiaddr')
    .option('-F, --format <format>', `output: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'lines')
    .option('-t, --timeout <s>', 'seconds until results stop being awaited', integer(1, 600), 20)
    .option('-M, --method <method>', `probe method: ${METHODS.join(' or ')}`, oneOf(METHODS), 'icmp')
    .option('-m, --max-hops <n>', 'largest TTL to probe', integer(1, defaults.MAX_MAX_HOPS), defaults.DEFAULT_MAX_HOPS)
    .option('-q, --queries <n>', 'probes per hop', integer(1, defaults.MAX_QUERIES), defaults.DEFAULT_QUERIES)
    .option('--hops <n>', 'flood radius in overlay hops', integer(1, MAX_HOP_BUDGET), DEFAULT_HOP_BUDGET)
    .option('--swarm-key <file>', 'the private overlay\'s key, to reach a node that requires it')
    .option('--identity <dir>', 'keep this client\'s key in <dir> (a stable id for nodes run with --allow-peer)')
    .option('--map <file>', 'also draw the merged paths to <file>: a self-contained page if it ends in .html, else SVG')
    .action(async (target: string, flags: TraceFlags, command: Command) => {
      process.exitCode = await runTrace(target, flags, command)
    })
}

export async function runTrace (target: string, flags: TraceFlags, command: Command): Promise<number> {
  if ((flags.port === undefined) === (flags.peer === undefined)) {
    command.error('error: give exactly one of -p PORT or --peer ADDR', { exitCode: EXIT_USAGE })
  }
  const { parsePeerAddress } = await import('../../node/peer-address.js')
  const entry = parsePeerAddress(flags.peer ?? `127.0.0.1:${String(flags.port)}`)
  const abort = new AbortController()
  const onSignal = (): void => { abort.abort() }
  process.once('SIGINT', onSignal)
  const { traceThroughPeer } = await import('../../node/trace-client.js')
  const { readSwarmKey } = await import('../../node/swarm-key.js')
  const { loadOrCreateKey } = await import('../../node/key-store.js')
  const swarmKey = flags.swarmKey === undefined ? undefined : await readSwarmKey(flags.swarmKey)
  const privateKey = flags.identity === undefined ? undefined : await loadOrCreateKey(flags.identity)
  const progress = new Progress(process.stderr, flags.timeout)
  const views: VantageView[] = []
  let summary: SummaryView | undefined
  try {
    const events = traceThroughPeer({
      entry,
      target,
      probe: { method: flags.method, maxHops: flags.maxHops, firstHop: 1, queries: flags.queries, waitMs: defaults.DEFAULT_WAIT_MS },
      timeoutMs: flags.timeout * 1000,
      hopBudget: flags.hops,
      signal: abort.signal,
      swarmKey,
      privateKey
    })
    for await (const event of events) {
      if (event.type === 'result') {
        const view: VantageView = event.result
        views.push(view)
        progress.clear()
        if (flags.format === 'lines') process.stdout.write(vantageLine(view) + '\n')
        if (flags.format === 'json') process.stdout.write(vantageJson(view) + '\n')
        progress.update(views.length)
      } else {
        summary = { target, ...event.summary }
      }
    }
  } finally {
    progress.stop()
    process.off('SIGINT', onSignal)
  }
  if (summary === undefined) return EXIT_FAILURE
  if (flags.format === 'tree') process.stdout.write(formatTree(target, views))
  process.stdout.write((flags.format === 'json' ? summaryJson(summary) : summaryLine(summary)) + '\n')
  if (flags.map !== undefined && !await writeMap(flags.map, target, views)) return EXIT_FAILURE
  return summary.answered > 0 ? 0 : EXIT_FAILURE
}

/** Draws the merged paths to `file` (HTML when it ends in .html, else SVG); false, said on stderr, if it cannot. */
export async function writeMap (file: string, target: string, views: VantageView[]): Promise<boolean> {
  // Loaded here so that dagre is only loaded by the runs that draw.
  const { buildMapGraph } = await import('../../format/map-graph.js')
  const { renderMapSvg } = await import('../../format/map-svg.js')
  const { renderMapHtml } = await import('../../format/map-html.js')
  const svg = renderMapSvg(buildMapGraph(target, views))
  const text = file.toLowerCase().endsWith('.html') ? renderMapHtml(svg, `peertrace: paths to ${target}`) : svg
  try {
    await writeFile(file, text)
  } catch (err) {
    process.stderr.write(`error: cannot write map to ${file}: ${(err as Error).message}\n`)
    return false
  }
  process.stderr.write(`map written to ${file}\n`)
  return true
}
