// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM. The node
// wires itself (src/node/start-node.ts); this maps the flags to its options and prints what it reports.

import type { Command } from 'commander'
import type { AsnDatabase } from '../../annotate/asn-db.js'
import type { TraceAnnotator } from '../../annotate/trace-annotator.js'
import type { MembershipEvent } from '../../node/membership/membership.js'
import type { StartNodeOptions } from '../../node/start-node.js'
import type { TraceLogEvent } from '../../node/service/trace-log.js'
import { UsageError } from '../../node/errors.js'
import { numericByEnvironment, sharedReverseDns } from '../annotation-options.js'
import { applyConfigFile } from '../config-file.js'
import { addNodeOptions, type NodeFlags } from '../node-options.js'

export function nodeCommand (program: Command): void {
  addNodeOptions(program.command('node')
    .description('run a peertrace peer: it joins the overlay, relays trace requests and probes from here')
    .option('--config <file>', 'read node options from <file> (JSON, or key = value lines; docs/operations.md); flags win'))
    .action(async (_flags: NodeFlags & { config?: string }, command: Command) => {
      const file = command.getOptionValue('config') as string | undefined
      if (file !== undefined) await applyConfigFile(command, file)
      const { config: _config, ...flags } = command.opts<NodeFlags & { config?: string }>()
      await runNode(flags)
    })
}

export async function runNode (flags: NodeFlags): Promise<void> {
  if (flags.port === undefined) throw new UsageError('required option \'-p, --port <port>\' not specified (on the command line or in --config)')
  // Read before anything starts: a bad file is a usage error, said at once.
  const asnDb = flags.asnDb === undefined ? undefined : await (await import('../../annotate/asn-db.js')).AsnDatabase.load(flags.asnDb)
  const { labelsFromAsn, ownAddresses } = await import('../../node/directory/self-description.js')
  const derived = asnDb === undefined ? {} : labelsFromAsn(asnDb, ownAddresses(flags.host), { asn: flags.asn, country: flags.country })
  // libp2p, multiaddr and the engine load only when a node really starts, so `--help` and `probe` start fast.
  const { startNode } = await import('../../node/start-node.js')
  const webView = flags.http === undefined
    ? undefined
    : (await import('../../web/server/node-web-view.js')).nodeWebView(flags.http, flags.httpAllowedHost, await webAnnotator(flags, asnDb))
  let stopping: Promise<void> | undefined
  const running = await startNode(nodeOptions({ ...flags, ...derived }, webView), {
    onLocked: (lock) => {
      // Handlers as soon as the dir is locked: a signal during start-up stops the node once it is up (and frees the
      // lock), and one right after the lines a supervisor waits for stops it cleanly.
      stopping = new Promise<void>((resolve) => {
        const stop = (): void => { resolve() }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      if (lock.tookOverFrom !== undefined) {
        process.stdout.write(`data dir ${lock.dir}: took over the lock of pid ${lock.tookOverFrom}, which no longer runs\n`)
      }
    },
    onListening: ({ node, name, bootstrapPeers, history, operatorId }) => {
      process.stdout.write(`peertrace node ${node.peerId.toString()} "${name}"\n`)
      for (const addr of node.getMultiaddrs()) process.stdout.write(`listening on ${addr.toString()}\n`)
      if (bootstrapPeers === 0) process.stdout.write('no bootstrap peers: this node starts a new overlay\n')
      if (history !== undefined) process.stdout.write(`history in ${history.file} (${history.traces} traces); operator ${operatorId}\n`)
    },
    onWebView: ({ url, loopbackOnly }) => {
      if (!loopbackOnly) {
        process.stderr.write(`warning: the web view listens on ${flags.http?.host}: anyone who reaches it can start traces from this node\n`)
      }
      process.stdout.write(`web view on ${url}\n`)
    },
    onNeighbours: (count) => { logLine(`neighbours: ${count}`) },
    onMembership: (event) => { logLine(membershipLine(event)) },
    onHistoryWarning: (message) => { process.stderr.write(`${new Date().toISOString()} warning: ${message}\n`) },
    onTrace: (event) => { logLine(traceLine(event)) },
    onServed: (event) => {
      logLine(`serving trace ${event.id} from ${event.origin} to ${event.target}, sent by ${event.from}${event.direct ? ' straight from the entry' : ''}`)
    },
    onRefused: (event) => { logLine(`refused trace ${event.id} from ${event.origin} to ${event.target}: ${event.reason}`) }
  })
  try {
    await stopping
  } finally {
    await running.stop()
  }
  process.stdout.write('stopped\n')
}

/** A line of the running node's log: an ISO timestamp first, so an operator can line up what happened when. */
function logLine (text: string): void {
  process.stdout.write(`${new Date().toISOString()} ${text}\n`)
}

/** One line per trace this node was the entry of; the request id in full, so `peertrace show` can find it. */
function traceLine (event: TraceLogEvent): string {
  return `trace ${event.id} from ${event.origin} to ${event.target}: answered ${event.answered}, failed ${event.failed}, ` +
    `${(event.durationMs / 1000).toFixed(1)} s`
}

function membershipLine (event: MembershipEvent): string {
  switch (event.type) {
    case 'joined': return `joined ${event.peer}: degree ${event.degree}`
    case 'lost': return `lost ${event.peer}: degree ${event.degree}`
    case 'pruned': return `pruned ${event.peer} (above --max-neighbours): degree ${event.degree}`
    case 'dead': return `dead ${event.peer}: no answer to several pings in a row, connection closed`
    case 'remembered': return `remembered ${event.peers} peers from the data dir: it rejoins through them too`
    case 'bootstrap-unreachable': return `bootstrap unreachable: ${event.addresses.join(' ')} (rejoining through remembered peers, retrying with back-off)`
    case 'split-suspected':
      return `overlay looks split: ${event.unreachable.length} peers connected within minutes no longer answer ` +
        `(${event.unreachable.slice(0, 3).join(' ')}${event.unreachable.length > 3 ? ' …' : ''}); dialling them again with back-off`
  }
}

/** The web view's annotator per trace shown: names unless --http-numeric, AS numbers with --asn-db. */
async function webAnnotator (flags: NodeFlags, asn: AsnDatabase | undefined): Promise<(() => TraceAnnotator) | undefined> {
  if (numericByEnvironment()) flags = { ...flags, httpNumeric: true }
  if (flags.httpNumeric === true && asn === undefined) return undefined
  const { TraceAnnotator } = await import('../../annotate/trace-annotator.js')
  // One cache for every page's traces.
  const dns = flags.httpNumeric === true ? undefined : await sharedReverseDns()
  return () => new TraceAnnotator({ dns, asn })
}

function nodeOptions (flags: NodeFlags, webView: StartNodeOptions['webView']): StartNodeOptions {
  const { history, historyMaxTraces, historyMaxAgeDays, http, httpAllowedHost, httpNumeric, asnDb, ...options } = flags
  return { ...options, history: history ? { maxTraces: historyMaxTraces, maxAgeDays: historyMaxAgeDays } : undefined, webView }
}
