// Reads a bootstrap list file (bootstrap/peers.txt format: one address per line, '#' comments) into multiaddrs.

import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Multiaddr } from '@multiformats/multiaddr'
import { BootstrapFileError } from '../errors.js'
import { parsePeerAddress } from './peer-address.js'
import { systemErrorReason } from '../system-error.js'

/** The list shipped in the package's bootstrap/ folder. */
export const DEFAULT_BOOTSTRAP_FILE = fileURLToPath(new URL('../../../../bootstrap/peers.txt', import.meta.url))

export async function readBootstrapFile (path: string): Promise<Multiaddr[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new BootstrapFileError(`cannot read bootstrap file ${path}: ${systemErrorReason(err)}`, { cause: err })
  }
  const addresses: Multiaddr[] = []
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    try {
      addresses.push(parsePeerAddress(line))
    } catch (err) {
      throw new BootstrapFileError(`bootstrap file ${path} line ${index + 1}: ${(err as Error).message}`, { cause: err })
    }
  }
  return addresses
}
