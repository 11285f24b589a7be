// The options every command that talks to a running node shares: which node (-p PORT on this host, or --peer
// ADDR anywhere), the private overlay's key, and the client identity to use.

import type { Command } from 'commander'
import type { PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { EXIT_USAGE } from './exit-codes.js'
import { integer } from './option-parsers.js'

export interface PeerFlags {
  port?: number
  peer?: string
  swarmKey?: string
  identity?: string
}

export interface PeerConnection {
  entry: Multiaddr
  swarmKey?: Uint8Array
  privateKey?: PrivateKey
}

export function peerOptions (command: Command, identity: string): Command {
  return command
    .option('-p, --port <port>', 'local peer at 127.0.0.1:PORT', integer(1, 65535))
    .option('--peer <addr>', 'any peer: host:port or multiaddr')
    .option('--swarm-key <file>', 'the private overlay\'s key, to reach a node that requires it')
    .option('--identity <dir>', identity)
}

/** Checks -p/--peer (exactly one) and loads what the flags name; libp2p modules load only here. */
export async function peerConnection (flags: PeerFlags, command: Command, options: { createIdentity: boolean }): Promise<PeerConnection> {
  if ((flags.port === undefined) === (flags.peer === undefined)) {
    command.error('error: give exactly one of -p PORT or --peer ADDR', { exitCode: EXIT_USAGE })
  }
  const { parsePeerAddress } = await import('../node/membership/peer-address.js')
  const { readSwarmKey } = await import('../node/identity/swarm-key.js')
  const { loadKey, loadOrCreateKey } = await import('../node/identity/key-store.js')
  // A new identity is what `trace --identity` asks for; a missing operator key for `history` is a typo.
  const load = options.createIdentity ? loadOrCreateKey : loadKey
  return {
    entry: parsePeerAddress(flags.peer ?? `127.0.0.1:${String(flags.port)}`),
    swarmKey: flags.swarmKey === undefined ? undefined : await readSwarmKey(flags.swarmKey),
    privateKey: flags.identity === undefined ? undefined : await load(flags.identity)
  }
}
