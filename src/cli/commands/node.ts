// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM.

import { join } from 'node:path'
import type { Command } from 'commander'
import type { HttpAddress } from '../option-parsers.js'
import { addNodeOptions, type NodeFlags } from '../node-options.js'

/** Where the operator key lives in the data dir: it signs the web view's traces and may read the history. */
const OPERATOR_KEY_DIR = 'operator'

export function nodeCommand (program: Command): void {
  addNodeOptions(program.command('node')
    .description('run a peertrace peer: it joins the overlay, relays trace requests and probes from here'))
    .action(async (flags: NodeFlags) => {
      await runNode(flags)
    })
}

export async function runNode (flags: NodeFlags): Promise<void> {
  // libp2p, multiaddr and the engine load only when a node really starts, so `--help` and `probe` start fast.
  const { listenAddress, parsePeerAddress } = await import('../../node/peer-address.js')
  const { DEFAULT_BOOTSTRAP_FILE, readBootstrapFile } = await import('../../node/bootstrap-list.js')
  const { TargetPolicy } = await import('../../node/policy/target-policy.js')
  const { readSwarmKey } = await import('../../node/swarm-key.js')
  // Every option is checked before anything is created or locked: a usage error leaves nothing behind.
  const listen = listenAddress(flags.host, flags.port)
  const policy = new TargetPolicy({ allow: flags.allowTarget, deny: flags.denyTarget })
  const bootstrap = flags.bootstrap.length > 0
    ? flags.bootstrap.map(parsePeerAddress)
    : await readBootstrapFile(flags.bootstrapFile ?? DEFAULT_BOOTSTRAP_FILE)
  const swarmKey = flags.swarmKey === undefined ? undefined : await readSwarmKey(flags.swarmKey)
  const { lockDataDir } = await import('../../node/data-dir.js')
  const lock = await lockDataDir(flags.dataDir)
  // Handlers as soon as the dir is locked: a signal during start-up stops the node once it is up (and frees the
  // lock), and one right after the lines a supervisor waits for stops it cleanly.
  const stopping = new Promise<void>((resolve) => {
    const stop = (): void => { resolve() }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  try {
    if (lock.tookOverFrom !== undefined) {
      process.stdout.write(`data dir ${lock.dir}: took over the lock of pid ${lock.tookOverFrom}, which no longer runs\n`)
    }
    await serve(flags, { listen, policy, bootstrap, swarmKey }, stopping)
  } finally {
    lock.release()
  }
  process.stdout.write('stopped\n')
}

interface CheckedOptions {
  listen: string
  policy: import('../../node/policy/target-policy.js').TargetPolicy
  bootstrap: import('@multiformats/multiaddr').Multiaddr[]
  swarmKey?: Uint8Array
}

/** Starts the node in the locked data dir and runs it until `stopping`. */
async function serve (flags: NodeFlags, { listen, policy, bootstrap, swarmKey }: CheckedOptions, stopping: Promise<void>): Promise<void> {
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
  const privateKey = await loadOrCreateKey(flags.dataDir)
  const operatorKey = await loadOrCreateKey(join(flags.dataDir, OPERATOR_KEY_DIR))
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
  const operatorId = peerIdFromPrivateKey(operatorKey).toString()
  const { HistoryStore } = await import('../../history/store.js')
  const history = flags.history
    ? new HistoryStore({ dataDir: flags.dataDir, maxTraces: flags.historyMaxTraces, maxAgeDays: flags.historyMaxAgeDays })
    : undefined
  try {
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
    let web: { close: () => Promise<void> } | undefined
    try {
      process.stdout.write(`peertrace node ${node.peerId.toString()} "${flags.name}"\n`)
      for (const addr of node.getMultiaddrs()) process.stdout.write(`listening on ${addr.toString()}\n`)
      if (bootstrap.length === 0) process.stdout.write('no bootstrap peers: this node starts a new overlay\n')
      if (history !== undefined) process.stdout.write(`history in ${history.file} (${history.count()} traces); operator ${operatorId}\n`)
      // A web view that cannot start (its port is taken, say) stops the node, up already, before the error prints.
      web = flags.http === undefined ? undefined : await startWeb(flags.http, node, operatorKey, history, flags.name)
      await stopping
    } finally {
      await web?.close()
      await node.stop()
    }
  } finally {
    history?.close()
  }
}

/** The web view: traces started from it are the operator's, flooded through this node. */
async function startWeb (address: HttpAddress, node: import('../../node/create-node.js').PeertraceNode,
  operatorKey: import('@libp2p/interface').PrivateKey, history: import('../../history/store.js').HistoryStore | undefined,
  name: string): Promise<{ close: () => Promise<void> }> {
  const { OperatorTraces } = await import('../../node/local-trace.js')
  const { startWebServer, isLoopbackHost } = await import('../../web/server/web-server.js')
  const runner = new OperatorTraces({ flood: node.services.trace.flood, self: node.peerId.toString(), operatorKey, history })
  const empty = { list: () => [], get: () => undefined }
  const { listenError } = await import('../../node/listen-failure.js')
  const server = await startWebServer({ host: address.host, port: address.port, runner, history: history ?? empty, nodeName: name })
    .catch((err: { code?: string, cause?: unknown }) => {
      // As the node's own listen errors, so --http and --port/--host failures exit alike.
      throw err.code === 'ERR_WEB_LISTEN' ? listenError('the web view', hostPort(address), err.cause ?? err) : err
    })
  if (!isLoopbackHost(address.host)) {
    process.stderr.write(`warning: the web view listens on ${address.host}: anyone who reaches it can start traces from this node\n`)
  }
  process.stdout.write(`web view on ${server.url}\n`)
  return server
}

function hostPort ({ host, port }: HttpAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
