// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM.

import { homedir, hostname } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import {
  DEFAULT_HISTORY_MAX_AGE_DAYS, DEFAULT_HISTORY_MAX_TRACES, MAX_HISTORY_MAX_AGE_DAYS, MAX_HISTORY_MAX_TRACES
} from '../../history/constants.js'
import { DEFAULT_MIN_NEIGHBOURS } from '../../node/constants.js'
import { httpAddress, integer, type HttpAddress } from '../option-parsers.js'

/** Where the operator key lives in the data dir: it signs the web view's traces and may read the history. */
export const OPERATOR_KEY_DIR = 'operator'

interface NodeFlags {
  port: number
  host: string
  bootstrap: string[]
  bootstrapFile?: string
  name: string
  dataDir: string
  minNeighbours: number
  allowTarget: string[]
  denyTarget: string[]
  swarmKey?: string
  allowPeer: string[]
  tracesPerOrigin?: number
  tracesPerNeighbour?: number
  probesPerTarget?: number
  probesPerSecond?: number
  maxConcurrentTraces?: number
  history: boolean
  historyMaxTraces: number
  historyMaxAgeDays: number
  http?: HttpAddress
}

export function defaultDataDir (): string {
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'peertrace')
}

export function nodeCommand (program: Command): void {
  program.command('node')
    .description('run a peertrace peer: it joins the overlay, relays trace requests and probes from here')
    .requiredOption('-p, --port <port>', 'TCP port to listen on', integer(0, 65535))
    .option('--host <addr>', 'IP address to listen on', '0.0.0.0')
    .option('-b, --bootstrap <addr>', 'a peer to join through: host:port or multiaddr (repeatable)', collectText, [])
    .option('--bootstrap-file <file>', 'bootstrap list to read when no --bootstrap is given (default: bootstrap/peers.txt)')
    .option('-n, --name <name>', 'label of this vantage point in results', hostname())
    .option('-d, --data-dir <dir>', 'where the node keeps its keys and its trace history', defaultDataDir())
    .option('--allow-target <cidr>', 'also probe targets in this range (repeatable; labs, demos)', collectText, [])
    .option('--deny-target <cidr>', 'never probe targets in this range (repeatable; wins over --allow-target)', collectText, [])
    .option('--swarm-key <file>', 'private overlay: only peers holding this key (see `peertrace swarm-key`) connect')
    .option('--allow-peer <id>', 'only these peer ids may connect (repeatable)', collectText, [])
    .option('--traces-per-origin <n>', 'floods accepted per requester per minute (default 30)', integer(1, 100_000))
    .option('--traces-per-neighbour <n>', 'floods accepted through one connected peer per minute (default 240)', integer(1, 100_000))
    .option('--probes-per-target <n>', 'probes sent to one target address per minute (default 600)', integer(1, 1_000_000))
    .option('--probes-per-second <n>', 'probes per second for all traces together (default 2000)', integer(1, 100_000))
    .option('--max-concurrent-traces <n>', 'floods served at once (default 32)', integer(1, 1024))
    .option('--min-neighbours <n>', 'overlay connections to keep at least', integer(1, 64), DEFAULT_MIN_NEIGHBOURS)
    .option('--history-max-traces <n>', 'traces the history keeps (the oldest go first)', integer(1, MAX_HISTORY_MAX_TRACES), DEFAULT_HISTORY_MAX_TRACES)
    .option('--history-max-age-days <n>', 'days a trace stays in the history', integer(1, MAX_HISTORY_MAX_AGE_DAYS), DEFAULT_HISTORY_MAX_AGE_DAYS)
    .option('--no-history', 'record no trace history (and serve none)')
    .option('--http <[host:]port>', 'serve the web view on this address (host default 127.0.0.1; elsewhere is open to that network)', httpAddress)
    .action(async (flags: NodeFlags) => {
      await runNode(flags)
    })
}

export async function runNode (flags: NodeFlags): Promise<void> {
  // libp2p, multiaddr and the engine load only when a node really starts, so `--help` and `probe` start fast.
  const { listenAddress, parsePeerAddress } = await import('../../node/peer-address.js')
  const { DEFAULT_BOOTSTRAP_FILE, readBootstrapFile } = await import('../../node/bootstrap-list.js')
  const { TargetPolicy } = await import('../../node/policy/target-policy.js')
  const listen = listenAddress(flags.host, flags.port)
  const policy = new TargetPolicy({ allow: flags.allowTarget, deny: flags.denyTarget })
  const bootstrap = flags.bootstrap.length > 0
    ? flags.bootstrap.map(parsePeerAddress)
    : await readBootstrapFile(flags.bootstrapFile ?? DEFAULT_BOOTSTRAP_FILE)
  const { loadOrCreateKey } = await import('../../node/key-store.js')
  const { createPeertraceNode } = await import('../../node/create-node.js')
  const { localProber } = await import('../../node/local-prober.js')
  const { Admission } = await import('../../node/policy/admission.js')
  const { ProbeEngine } = await import('../../engine/index.js')
  const admission = new Admission({
    tracesPerOriginPerMinute: flags.tracesPerOrigin,
    tracesPerNeighbourPerMinute: flags.tracesPerNeighbour,
    probesPerTargetPerMinute: flags.probesPerTarget
  })
  const engine = new ProbeEngine({ maxProbesPerSecond: flags.probesPerSecond })
  const { readSwarmKey } = await import('../../node/swarm-key.js')
  const swarmKey = flags.swarmKey === undefined ? undefined : await readSwarmKey(flags.swarmKey)
  const privateKey = await loadOrCreateKey(flags.dataDir)
  const operatorKey = await loadOrCreateKey(join(flags.dataDir, OPERATOR_KEY_DIR))
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
  const operatorId = peerIdFromPrivateKey(operatorKey).toString()
  const { HistoryStore } = await import('../../history/store.js')
  const history = flags.history
    ? new HistoryStore({ dataDir: flags.dataDir, maxTraces: flags.historyMaxTraces, maxAgeDays: flags.historyMaxAgeDays })
    : undefined
  const node = await createPeertraceNode({
    privateKey,
    listen: [listen],
    name: flags.name.slice(0, 64),
    prober: localProber({ policy, admission, engine }),
    admission,
    flood: { maxConcurrentFloods: flags.maxConcurrentTraces },
    bootstrap,
    swarmKey,
    allowPeers: flags.allowPeer,
    history: history === undefined ? undefined : { store: history, operatorId },
    membership: {
      minNeighbours: flags.minNeighbours,
      onNeighbours: (count) => { process.stdout.write(`neighbours: ${count}\n`) }
    }
  })
  // Handlers first, then the lines a supervisor waits for: a SIGTERM right after them must stop the node cleanly.
  const stopping = new Promise<void>((resolve) => {
    const stop = (): void => { resolve() }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  process.stdout.write(`peertrace node ${node.peerId.toString()} "${flags.name}"\n`)
  for (const addr of node.getMultiaddrs()) process.stdout.write(`listening on ${addr.toString()}\n`)
  if (bootstrap.length === 0) process.stdout.write('no bootstrap peers: this node starts a new overlay\n')
  if (history !== undefined) process.stdout.write(`history in ${history.file} (${history.count()} traces); operator ${operatorId}\n`)
  let web: { close: () => Promise<void> } | undefined
  try {
    web = flags.http === undefined ? undefined : await startWeb(flags.http, node, operatorKey, history, flags.name)
  } catch (err) {
    // The port is taken, say: the node was already up, so stop it before saying why and exiting.
    await node.stop()
    history?.close()
    throw err
  }
  await stopping
  await web?.close()
  await node.stop()
  history?.close()
  process.stdout.write('stopped\n')
}

function collectText (value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** The web view: traces started from it are the operator's, flooded through this node. */
async function startWeb (address: HttpAddress, node: import('../../node/create-node.js').PeertraceNode,
  operatorKey: import('@libp2p/interface').PrivateKey, history: import('../../history/store.js').HistoryStore | undefined,
  name: string): Promise<{ close: () => Promise<void> }> {
  const { OperatorTraces } = await import('../../node/local-trace.js')
  const { startWebServer, isLoopbackHost } = await import('../../web/server/web-server.js')
  const runner = new OperatorTraces({ flood: node.services.trace.flood, self: node.peerId.toString(), operatorKey, history })
  const empty = { list: () => [], get: () => undefined }
  const server = await startWebServer({ host: address.host, port: address.port, runner, history: history ?? empty, nodeName: name })
  if (!isLoopbackHost(address.host)) {
    process.stderr.write(`warning: the web view listens on ${address.host}: anyone who reaches it can start traces from this node\n`)
  }
  process.stdout.write(`web view on ${server.url}\n`)
  return server
}
