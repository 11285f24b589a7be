// `peertrace trace <target>`: asks the overlay, through one peer, to trace <target> from every vantage point,
// and prints the results as they land (lines, NDJSON) or once all are in (tree); --map also draws them to a file.

import type { Command } from 'commander'
import * as defaults from '../../engine/constants.js'
import { roundsBoundMs } from '../../engine/trace-bound.js'
import { METHODS } from '../../model/trace.js'
import type { Method } from '../../engine/trace.js'
import { traceAddresses, type SummaryView } from '../../model/index.js'
import { DEFAULT_HOP_BUDGET, DEFAULT_TRACE_TIMEOUT_S } from '../../node/constants.js'
import { DEFAULT_MAX_HOP_BUDGET, DEFAULT_REQUESTER_END_GRACE_MS, MAX_TRACE_TIMEOUT_S } from '../../overlay/constants.js'
import { annotationOptions, traceAnnotator, type AnnotationFlags } from '../annotation-options.js'
import { EXIT_FAILURE } from '../exit-codes.js'
import { writeMap } from '../map-file.js'
import { integer, oneOf } from '../option-parsers.js'
import { InvalidArgumentError } from 'commander'
import { MAX_SELECTION_LIMIT } from '../../model/limits.js'
import { parseSelector } from '../../model/selector.js'
import type { VantageChoice } from '../../node/client/choose-vantages.js'
import { peerConnection, peerOptions, type PeerFlags } from '../peer-flags.js'
import { Progress } from '../progress.js'
import { FORMATS, TracePrinter, type Format } from '../trace-printer.js'
import { failureLine } from '../../format/lines.js'

/** --timeout's help, `trace`'s and tracerouteclnt's. */
export const TIMEOUT_HELP = `the peers' deadline in seconds (at most ${MAX_TRACE_TIMEOUT_S}); the entry peer's end is awaited up to ` +
  `${DEFAULT_REQUESTER_END_GRACE_MS / 1000} s past it`

export interface TraceFlags extends PeerFlags, AnnotationFlags {
  format: Format
  timeout: number
  method: Method
  probePort?: number
  maxHops: number
  queries: number
  hops: number
  map?: string
  rtt?: boolean
  from?: string[]
  limit?: number
  rounds?: number
}

export function traceCommand (program: Command): void {
  const command = program.command('trace')
    .description('trace <target> from every peer of the overlay (or those --from selects), through the peer at -p PORT or --peer ADDR')
    .argument('<target>', 'IP address or host name (each peer resolves it)')
  peerOptions(command, 'keep this client\'s key in <dir> (a stable id for nodes run with --allow-peer)')
    .option('-F, --format <format>', `output: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'lines')
    .option('-t, --timeout <s>', TIMEOUT_HELP, integer(1, MAX_TRACE_TIMEOUT_S), DEFAULT_TRACE_TIMEOUT_S)
    .option('-M, --method <method>', `probe method: ${METHODS.join(', ')}`, oneOf(METHODS), 'icmp')
    .option('-P, --probe-port <port>', `destination port of udp and tcp probes (default: ${defaults.DEFAULT_UDP_PORT} for ` +
      `udp, ${defaults.DEFAULT_TCP_PORT} for tcp; -p is the local peer's port)`, integer(1, 65535))
    .option('-m, --max-hops <n>', 'largest TTL to probe', integer(1, defaults.MAX_MAX_HOPS), defaults.DEFAULT_MAX_HOPS)
    .option('-q, --queries <n>', 'probes per hop', integer(1, defaults.MAX_QUERIES), defaults.DEFAULT_QUERIES)
    .option('--rounds <n>', `mtr mode: after the path is found, N rounds (one a second, at most ${defaults.MAX_ROUNDS}) of one probe per hop; -F table unless -F is given, and -t grows by the rounds' time unless given`,
      integer(1, defaults.MAX_ROUNDS))
    .option('--hops <n>', 'flood radius in overlay hops', integer(1, DEFAULT_MAX_HOP_BUDGET), DEFAULT_HOP_BUDGET)
    .option('--from <expr>', 'only vantage points matching EXPR probe: comma-separated names, tags, AS<n>, country codes or cities; label+label: both', selector)
    .option('--limit <k>', `at most K of them, drawn at random (default: every one that matches; at most ${MAX_SELECTION_LIMIT})`, integer(1, MAX_SELECTION_LIMIT))
    .option('--map <file>', 'also draw the merged paths to <file>: a self-contained page if it ends in .html, else SVG')
    .option('--rtt', 'lines: print each hop\'s RTTs after its address')
  annotationOptions(command)
    .action(async (target: string, flags: TraceFlags, command: Command) => {
      if (flags.rounds !== undefined) {
        // The mtr table is what rounds are for; and the peers need the rounds' time on top of the usual wait.
        if (command.getOptionValueSource('format') === 'default') flags.format = 'table'
        if (command.getOptionValueSource('timeout') === 'default') {
          flags.timeout = Math.min(MAX_TRACE_TIMEOUT_S, flags.timeout + Math.ceil(roundsBoundMs({ rounds: flags.rounds }) / 1000))
        }
      }
      process.exitCode = await runTrace(target, flags, command)
    })
}

export async function runTrace (target: string, flags: TraceFlags, command: Command): Promise<number> {
  // Before the overlay is asked anything: a bad --asn-db is a usage error, said at once.
  const annotator = await traceAnnotator(flags)
  const { entry, swarmKey, privateKey } = await peerConnection(flags, command, { createIdentity: true })
  const abort = new AbortController()
  const onSignal = (): void => { abort.abort() }
  process.once('SIGINT', onSignal)
  const { traceThroughPeer } = await import('../../node/client/trace-client.js')
  const progress = new Progress(process.stderr, flags.timeout)
  const printer = new TracePrinter((text) => process.stdout.write(text), flags.format, target, { rtt: flags.rtt, startedAt: Date.now(), annotations: annotator?.annotations })
  let summary: SummaryView | undefined
  try {
    const events = traceThroughPeer({
      entry,
      target,
      probe: {
        method: flags.method,
        maxHops: flags.maxHops,
        firstHop: 1,
        queries: flags.queries,
        waitMs: defaults.DEFAULT_WAIT_MS,
        ...(flags.rounds === undefined ? {} : { rounds: flags.rounds }),
        ...(flags.probePort === undefined ? {} : { port: flags.probePort })
      },
      timeoutMs: flags.timeout * 1000,
      hopBudget: flags.hops,
      signal: abort.signal,
      swarmKey,
      privateKey,
      from: flags.from,
      limit: flags.limit,
      onChoice: (choice) => { process.stderr.write(choiceLine(choice, flags) + '\n') }
    })
    for await (const event of events) {
      if (event.type === 'result') {
        // Names are waited for within the trace's budget (a slow resolver delays the output that much at most).
        if (annotator !== undefined && !printer.printsAtEnd) await annotator.annotate(traceAddresses(event.result.trace), abort.signal)
        progress.clear()
        printer.result(event.result)
        progress.update(printer.views.length)
      } else {
        summary = { target, ...event.summary }
      }
    }
  } finally {
    progress.stop()
    process.off('SIGINT', onSignal)
  }
  if (summary === undefined) {
    // originate() always ends with a summary; this would be a bug, said rather than a silent exit 1.
    process.stderr.write('error: the trace ended without a summary\n')
    return EXIT_FAILURE
  }
  if (annotator !== undefined && (printer.printsAtEnd || flags.map !== undefined)) {
    await annotator.annotate(printer.views.flatMap(v => traceAddresses(v.trace)), abort.signal)
  }
  printer.finish(summary)
  if (flags.map !== undefined && !await writeMap(flags.map, target, printer.views, annotator?.annotations)) return EXIT_FAILURE
  // An entry whose end did not come leaves the outcome unknown in part: not a success, whatever arrived.
  const failure = failureLine(summary)
  if (failure === undefined) return 0
  process.stderr.write(`error: ${failure}\n`)
  return EXIT_FAILURE
}

function selector (expr: string): string[] {
  try {
    return parseSelector(expr)
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`)
  }
}

/** What was asked of whom, before any result: a limit the matching vantage points cannot fill is said here. */
function choiceLine (choice: VantageChoice, flags: TraceFlags): string {
  const what = flags.from === undefined ? 'live vantage points' : `vantage points match ${flags.from.join(',')}`
  const chosen = choice.selection.chosen?.length
  if (flags.limit === undefined || chosen === undefined) return `${choice.matching} ${what}: all of them asked`
  if (choice.matching < flags.limit) return `only ${choice.matching} ${what} (asked for ${flags.limit}): all of them asked`
  return `${choice.matching} ${what}: ${chosen} drawn at random`
}
