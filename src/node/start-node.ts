// Starts a node from its options, the way `peertrace node` and `traceroutesvr` run one: every option checked first,
// then the data dir locked, the keys, the target policy, admission, the probe engine, the history, libp2p and its
// services, and the web view, if asked for; stop() takes it all down again and frees the dir.

import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { ProbeEngine } from '../engine/index.js'
import { HistoryStore } from '../history/store.js'
import { MAX_PEER_NAME_LENGTH } from '../model/limits.js'
import { labelsProblem, type VantageDescription, type VantageLabels } from '../model/vantage-description.js'
import { DEFAULT_BOOTSTRAP_FILE, readBootstrapFile } from './membership/bootstrap-list.js'
import { DEFAULT_MAX_KNOWN_PEERS } from './constants.js'
import { KnownPeersFile } from './membership/known-peers-file.js'
import type { TraceLogEvent } from './service/trace-log.js'
import type { MembershipEvent } from './membership/membership.js'
import { UsageError } from './errors.js'
import { createPeertraceNode, type PeertraceNode, type ServedEvent } from './create-node.js'
import { lockDataDir, type DataDirLock } from './identity/data-dir.js'
import { loadOrCreateKey } from './identity/key-store.js'
import { localProber } from './service/local-prober.js'
import { OperatorTraces } from './service/operator-traces.js'
import { listenAddress, parsePeerAddress } from './membership/peer-address.js'
import { Admission } from './policy/admission.js'
import { TargetPolicy } from './policy/target-policy.js'
import { readSwarmKey } from './identity/swarm-key.js'

/** Where the operator key lives in the data dir: it signs the web view's traces and may read the history. */
const OPERATOR_KEY_DIR = 'operator'

export interface StartNodeOptions {
  /** The IP address and TCP port to listen on (port 0: any free one). */
  host: string
  port: number
  /** Peers to join through (host:port or multiaddr); none: the bootstrap file is read. */
  bootstrap: string[]
  /** The bootstrap list read when `bootstrap` is empty (default: the package's bootstrap/peers.txt). */
  bootstrapFile?: string
  /** This vantage point's label in results (cut to the wire's bound). */
  name: string
  /** Operator labels a request's `--from` selects by (`--tag`, repeatable), and location facts the operator states. */
  tag: string[]
  country?: string
  city?: string
  asn?: number
  /** Keys and history; locked while the node runs. */
  dataDir: string
  minNeighbours: number
  /** Above this many overlay neighbours the node prunes (default: membership's, twice the minimum). */
  maxNeighbours?: number
  /** Mean seconds between sampling dials (0: never; default: membership's). */
  sampleInterval?: number
  allowTarget: string[]
  denyTarget: string[]
  /** A swarm key file: a private overlay. */
  swarmKey?: string
  /** Only these peer ids may connect; empty: anyone. */
  allowPeer: string[]
  tracesPerOrigin?: number
  tracesPerNeighbour?: number
  probesPerTarget?: number
  probesPerSecond?: number
  maxConcurrentTraces?: number
  /** Floods of one requester (origin, client connection) served at once (default: FloodShares' shares of maxConcurrentTraces). */
  tracesPerRequesterAtOnce?: number
  /** Keep a trace history, with these bounds; absent: none. */
  history?: { maxTraces: number, maxAgeDays: number }
  /** Starts the web view once the node is up (src/web/server's `nodeWebView`). */
  webView?: StartWebView
}

/** What a web view of the node is served from. */
interface WebViewSource {
  node: PeertraceNode
  /** Traces the page starts: the operator's, flooded through this node. */
  operatorTraces: OperatorTraces
  history?: HistoryStore
  name: string
  /** The vantage points the node knows, its own first (GET /api/peers). */
  peers: () => VantageDescription[]
}

interface WebView {
  url: string
  /** False when the view listens on more than loopback: anyone who reaches it can start traces. */
  loopbackOnly: boolean
  close: () => Promise<void>
}

export type StartWebView = (source: WebViewSource) => Promise<WebView>

/** What start-up reports as it goes, in this order, so a caller can print each line when it is true. */
export interface StartNodeEvents {
  /** The dir is locked: from here on, a stop request should wait for the node to be up, then stop it. */
  onLocked?: (lock: DataDirLock) => void
  /** libp2p listens (the web view, if any, is not up yet). */
  onListening?: (node: RunningNodeInfo) => void
  onWebView?: (view: WebView) => void
  /** The overlay connections this node holds changed. */
  onNeighbours?: (count: number) => void
  /** Joins, losses, prunes and hints ("bootstrap unreachable", "overlay looks split"), as membership says them. */
  onMembership?: (event: MembershipEvent) => void
  /** Something the operator must hear about the history (a full disk: traces are not recorded). */
  onHistoryWarning?: (message: string) => void
  /** A trace this node was the entry of closed. */
  onTrace?: (event: TraceLogEvent) => void
  /** This node accepted a request from another peer (it relays it, probes for it, or both). */
  onServed?: (event: ServedEvent) => void
  /** This node refused to probe for a request (its target policy or the per-target budget). */
  onRefused?: (event: { id: string, origin: string, target: string, reason: string }) => void
}

interface RunningNodeInfo {
  node: PeertraceNode
  name: string
  /** How many bootstrap peers it joins through; 0: it starts a new overlay. */
  bootstrapPeers: number
  history?: { file: string, traces: number }
  /** The operator key's peer id. */
  operatorId: string
}

export interface RunningNode extends RunningNodeInfo {
  web?: WebView
  /** Closes the web view, the node and the history, and frees the data dir. */
  stop: () => Promise<void>
}

interface CheckedOptions {
  listen: string
  policy: TargetPolicy
  bootstrap: Multiaddr[]
  swarmKey?: Uint8Array
}

/** Starts a node; a failure at any step undoes the steps before it (the dir is unlocked) and is thrown. */
export async function startNode (options: StartNodeOptions, events: StartNodeEvents = {}): Promise<RunningNode> {
  // Every option is checked before anything is created or locked: a usage error leaves nothing behind.
  if (options.maxNeighbours !== undefined && options.maxNeighbours < options.minNeighbours) {
    throw new UsageError(`--max-neighbours ${options.maxNeighbours} is below --min-neighbours ${options.minNeighbours}`)
  }
  const labelProblem = labelsProblem(labelsOf(options))
  if (labelProblem !== undefined) throw new UsageError(labelProblem)
  const checked: CheckedOptions = {
    listen: listenAddress(options.host, options.port),
    policy: new TargetPolicy({ allow: options.allowTarget, deny: options.denyTarget }),
    bootstrap: options.bootstrap.length > 0
      ? options.bootstrap.map(parsePeerAddress)
      : await readBootstrapFile(options.bootstrapFile ?? DEFAULT_BOOTSTRAP_FILE),
    swarmKey: options.swarmKey === undefined ? undefined : await readSwarmKey(options.swarmKey)
  }
  const lock = await lockDataDir(options.dataDir)
  events.onLocked?.(lock)
  try {
    const running = await startInLockedDir(options, checked, events)
    return {
      ...running,
      stop: async () => {
        try {
          await running.stop()
        } finally {
          lock.release()
        }
      }
    }
  } catch (err) {
    lock.release()
    throw err
  }
}

async function startInLockedDir (options: StartNodeOptions, { listen, policy, bootstrap, swarmKey }: CheckedOptions,
  events: StartNodeEvents): Promise<RunningNode> {
  const admission = new Admission({
    tracesPerOriginPerMinute: options.tracesPerOrigin,
    tracesPerNeighbourPerMinute: options.tracesPerNeighbour,
    probesPerTargetPerMinute: options.probesPerTarget
  })
  const engine = new ProbeEngine({ maxProbesPerSecond: options.probesPerSecond })
  const privateKey = await loadOrCreateKey(options.dataDir)
  const operatorKey = await loadOrCreateKey(join(options.dataDir, OPERATOR_KEY_DIR))
  const operatorId = peerIdFromPrivateKey(operatorKey).toString()
  const history = options.history === undefined
    ? undefined
    : new HistoryStore({
      dataDir: options.dataDir,
      operatorId,
      maxTraces: options.history.maxTraces,
      maxAgeDays: options.history.maxAgeDays,
      onFull: (message) => { events.onHistoryWarning?.(message) }
    })
  let knownPeers: KnownPeersFile | undefined
  try {
    knownPeers = new KnownPeersFile(options.dataDir, DEFAULT_MAX_KNOWN_PEERS)
    const node = await createPeertraceNode({
      privateKey,
      listen: [listen],
      name: options.name.slice(0, MAX_PEER_NAME_LENGTH),
      labels: labelsOf(options),
      prober: localProber({
        policy,
        admission,
        engine,
        onRefused: (request, error) => {
          events.onRefused?.({ id: request.id, origin: request.origin, target: request.target, reason: `${error.code}: ${error.message}` })
        }
      }),
      admission,
      flood: { maxConcurrentFloods: options.maxConcurrentTraces },
      tracesPerRequesterAtOnce: options.tracesPerRequesterAtOnce,
      bootstrap,
      swarmKey,
      allowPeers: options.allowPeer,
      history: history === undefined ? undefined : { store: history, operatorId },
      onTrace: events.onTrace,
      onServed: events.onServed,
      membership: {
        minNeighbours: options.minNeighbours,
        maxNeighbours: options.maxNeighbours,
        sampleIntervalMs: options.sampleInterval === undefined ? undefined : options.sampleInterval * 1000,
        store: knownPeers,
        onNeighbours: (count) => { events.onNeighbours?.(count) },
        onEvent: (event) => { events.onMembership?.(event) }
      }
    })
    const info: RunningNodeInfo = {
      node,
      name: options.name,
      bootstrapPeers: bootstrap.length,
      history: history === undefined ? undefined : { file: history.file, traces: history.count() },
      operatorId
    }
    try {
      events.onListening?.(info)
      // A web view that cannot start (its port is taken, say) stops the node, up already, before the error is thrown.
      const web = options.webView === undefined ? undefined : await startWebView(options.webView, node, operatorKey, history, options.name)
      if (web !== undefined) events.onWebView?.(web)
      return {
        ...info,
        web,
        stop: async () => {
          try {
            try {
              await web?.close()
            } finally {
              await node.stop()
            }
          } finally {
            knownPeers?.close()
            history?.close()
          }
        }
      }
    } catch (err) {
      await node.stop()
      throw err
    }
  } catch (err) {
    knownPeers?.close()
    history?.close()
    throw err
  }
}

async function startWebView (start: StartWebView, node: PeertraceNode, operatorKey: PrivateKey,
  history: HistoryStore | undefined, name: string): Promise<WebView> {
  const operatorTraces = new OperatorTraces({
    flood: node.services.trace.flood, self: node.peerId.toString(), operatorKey, history, directory: () => node.services.describe.answer()
  })
  return await start({ node, operatorTraces, history, name, peers: () => node.services.describe.answer() })
}

function labelsOf (options: StartNodeOptions): VantageLabels {
  const labels: VantageLabels = { tags: [...new Set(options.tag)] }
  if (options.country !== undefined) labels.country = options.country.toUpperCase()
  if (options.city !== undefined) labels.city = options.city
  if (options.asn !== undefined) labels.asn = options.asn
  return labels
}
