// `peertrace peers`: the vantage points the node at -p PORT or --peer ADDR knows (its own first), with the labels
// `trace --from` selects by and when each was last seen alive.

import type { Command } from 'commander'
import { peersJson, peersTable } from '../../format/peers.js'
import { peerConnection, peerOptions, type PeerFlags } from '../peer-flags.js'

interface PeersFlags extends PeerFlags {
  json?: boolean
}

export function peersCommand (program: Command): void {
  const command = program.command('peers')
    .description('list the vantage points the node at -p PORT or --peer ADDR knows: name, labels, families, last seen')
  peerOptions(command, 'keep this client\'s key in <dir> (a stable id for nodes run with --allow-peer)')
    .option('--json', 'one JSON array: peer, name, tags, country, city, asn, families, version, lastSeen (unix ms)')
    .action(async (flags: PeersFlags, command: Command) => {
      const connection = await peerConnection(flags, command, { createIdentity: true })
      const { queryDirectory } = await import('../../node/client/directory-client.js')
      const descriptions = await queryDirectory(connection)
      process.stdout.write(flags.json === true ? peersJson(descriptions) : peersTable(descriptions, Date.now()))
    })
}
