// Reads a bootstrap list file (bootstrap/peers.txt format: one address per line, '#' comments) into multiaddrs.

import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Multiaddr } from '@multiformats/multiaddr'
import { parsePeerAddress } from './peer-address.js'

/** The list shipped in the package's bootstrap/ folder. */
export const DEFAULT_BOOTSTRAP_FILE = fileURLToPath(new URL('../../../bootstrap/peers.txt', import.meta.url))

export async function readBootstrapFile (path: string): Promise<Multiaddr[]> {
  const text = await readFile(path, 'utf8')
  return text.split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
    .map(parsePeerAddress)
}
