// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM.

import { homedir, hostname } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { DEFAULT_MIN_NEIGHBOURS } from '../../node/constants.js'
import { integer } from '../option-parsers.js'

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
    .option('-d, --data-dir <dir>', 'where the node keeps its key', defaultDataDir())
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
  await stopping
  await node.stop()
  process.stdout.write('stopped\n')
}

function collectText (value: string, previous: string[]): string[] {
  return [...previous, value]
}
