// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM.

import { homedir, hostname } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { Multiaddr } from '@multiformats/multiaddr'
import { DEFAULT_BOOTSTRAP_FILE, readBootstrapFile } from '../../node/bootstrap-list.js'
import { DEFAULT_MIN_NEIGHBOURS } from '../../node/constants.js'
import { listenAddress, parsePeerAddress } from '../../node/peer-address.js'
import { TargetPolicy } from '../../node/policy/target-policy.js'
import { integer } from '../option-parsers.js'

interface NodeFlags {
  port: number
  host: string
  bootstrap: Multiaddr[]
  bootstrapFile?: string
  name: string
  dataDir: string
  minNeighbours: number
  allowTarget: string[]
  denyTarget: string[]
  swarmKey?: string
  allowPeer: string[]
}

export function defaultDataDir (): string {
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'peertrace')
}

export function nodeCommand (program: Command): void {
  program.command('node')
    .description('run a peertrace peer: it joins the overlay, relays trace requests and probes from here')
    .requiredOption('-p, --port <port>', 'TCP port to listen on', integer(0, 65535))
    .option('--host <addr>', 'IP address to listen on', '0.0.0.0')
    .option('-b, --bootstrap <addr>', 'a peer to join through: host:port or multiaddr (repeatable)', collect, [])
    .option('--bootstrap-file <file>', 'bootstrap list to read when no --bootstrap is given', DEFAULT_BOOTSTRAP_FILE)
    .option('-n, --name <name>', 'label of this vantage point in results', hostname())
    .option('-d, --data-dir <dir>', 'where the node keeps its key', defaultDataDir())
    .option('--allow-target <cidr>', 'also probe targets in this range (repeatable; labs, demos)', collectText, [])
    .option('--deny-target <cidr>', 'never probe targets in this range (repeatable; wins over --allow-target)', collectText, [])
    .option('--swarm-key <file>', 'private overlay: only peers holding this key (see `peertrace swarm-key`) connect')
    .option('--allow-peer <id>', 'only these peer ids may connect (repeatable)', collectText, [])
    .option('--min-neighbours <n>', 'overlay connections to keep at least', integer(1, 64), DEFAULT_MIN_NEIGHBOURS)
    .action(async (flags: NodeFlags) => {
      await runNode(flags)
    })
}

export async function runNode (flags: NodeFlags): Promise<void> {
  const listen = listenAddress(flags.host, flags.port)
  const policy = new TargetPolicy({ allow: flags.allowTarget, deny: flags.denyTarget })
  const bootstrap = flags.bootstrap.length > 0 || flags.bootstrapFile === undefined
    ? flags.bootstrap
    : await readBootstrapFile(flags.bootstrapFile)
  // libp2p and the engine load only when a node really starts, so `--help` and `probe` start fast.
  const { loadOrCreateKey } = await import('../../node/key-store.js')
  const { createPeertraceNode } = await import('../../node/create-node.js')
  const { localProber } = await import('../../node/local-prober.js')
  const { readSwarmKey } = await import('../../node/swarm-key.js')
  const swarmKey = flags.swarmKey === undefined ? undefined : await readSwarmKey(flags.swarmKey)
  const privateKey = await loadOrCreateKey(flags.dataDir)
  const node = await createPeertraceNode({
    privateKey,
    listen: [listen],
    name: flags.name.slice(0, 64),
    prober: localProber({ policy }),
    bootstrap,
    swarmKey,
    allowPeers: flags.allowPeer,
    membership: {
      minNeighbours: flags.minNeighbours,
      onNeighbours: (count) => { process.stdout.write(`neighbours: ${count}\n`) }
    }
  })
  process.stdout.write(`peertrace node ${node.peerId.toString()} "${flags.name}"\n`)
  for (const addr of node.getMultiaddrs()) process.stdout.write(`listening on ${addr.toString()}\n`)
  if (bootstrap.length === 0) process.stdout.write('no bootstrap peers: this node starts a new overlay\n')
  await new Promise<void>((resolve) => {
    const stop = (): void => { resolve() }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await node.stop()
  process.stdout.write('stopped\n')
}

function collect (value: string, previous: Multiaddr[]): Multiaddr[] {
  return [...previous, parsePeerAddress(value)]
}

function collectText (value: string, previous: string[]): string[] {
  return [...previous, value]
}
