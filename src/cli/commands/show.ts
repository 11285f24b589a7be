// `peertrace show <id>`: prints a trace from a node's history exactly as `peertrace trace` printed it live, in
// any of its formats, and can draw its map.

import type { Command } from 'commander'
import { traceAddresses, type SummaryView, type VantageView } from '../../model/index.js'
import { annotationOptions, traceAnnotator, type AnnotationFlags } from '../annotation-options.js'
import { EXIT_FAILURE } from '../exit-codes.js'
import { writeMap } from '../map-file.js'
import { MIN_ID_PREFIX } from '../../history/constants.js'
import { oneOf, traceId } from '../option-parsers.js'
import { peerConnection, peerOptions, type PeerFlags } from '../peer-flags.js'
import { FORMATS, TracePrinter, type Format } from '../trace-printer.js'
import { OPERATOR_IDENTITY_HELP } from './history.js'

interface ShowFlags extends PeerFlags, AnnotationFlags {
  format: Format
  map?: string
  rtt?: boolean
}

export function showCommand (program: Command): void {
  const command = program.command('show')
    .description('print a trace from the history of the node at -p PORT or --peer ADDR, as it was printed live')
    .argument('<id>', `trace id from \`peertrace history\` (or a unique start of it, ${MIN_ID_PREFIX} hex digits or more)`, traceId(MIN_ID_PREFIX))
  peerOptions(command, OPERATOR_IDENTITY_HELP)
    .option('-F, --format <format>', `output: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'lines')
    .option('--map <file>', 'also draw the merged paths to <file>: a self-contained page if it ends in .html, else SVG')
    .option('--rtt', 'lines: print each hop\'s RTTs after its address')
  annotationOptions(command)
    .action(async (id: string, flags: ShowFlags, command: Command) => {
      const annotator = await traceAnnotator(flags)
      const connection = await peerConnection(flags, command, { createIdentity: false })
      const { queryHistory } = await import('../../node/client/history-client.js')
      const answers = await queryHistory({ ...connection, call: { kind: 'show', id } })
      let target: string | undefined
      let startedAt: number | undefined
      const views: VantageView[] = []
      let summary: SummaryView | undefined
      for (const answer of answers) {
        if (answer.type === 'trace') {
          target = answer.request.target
          startedAt = answer.request.timestamp
        }
        if (answer.type === 'result') views.push(answer.result)
        if (answer.type === 'summary') summary = answer.summary
      }
      if (target === undefined || summary === undefined) {
        process.stderr.write('error: the node sent an incomplete trace\n')
        process.exitCode = EXIT_FAILURE
        return
      }
      // A stored trace is all there: its names are looked up at once, within one trace's budget.
      await annotator?.annotate(views.flatMap(v => traceAddresses(v.trace)))
      const printer = new TracePrinter((text) => process.stdout.write(text), flags.format, target,
        { rtt: flags.rtt, startedAt, annotations: annotator?.annotations })
      for (const view of views) printer.result(view)
      printer.finish(summary)
      if (flags.map !== undefined && !await writeMap(flags.map, target, printer.views, annotator?.annotations)) process.exitCode = EXIT_FAILURE
    })
}
