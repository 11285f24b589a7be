// Private overlays: a libp2p pre-shared key (the pnet "swarm key" file format). A node or client holding it can
// only talk to peers holding the same key; without it, the connection fails before any libp2p protocol runs.

import { readFile, writeFile } from 'node:fs/promises'
import { generateKey } from '@libp2p/pnet'
import { SwarmKeyError } from '../errors.js'
import { systemErrorReason } from '../system-error.js'

/** `/key/swarm/psk/1.0.0/\n/base16/\n` + 64 hex digits. */
const SWARM_KEY_LENGTH = 95
const SWARM_KEY_FORMAT = /^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}\s*$/

/** Writes a new key; refuses to overwrite an existing file (a key in use must not vanish by a typo). */
export async function writeSwarmKey (path: string): Promise<void> {
  const key = new Uint8Array(SWARM_KEY_LENGTH)
  generateKey(key)
  try {
    await writeFile(path, key, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new SwarmKeyError(`${path} exists already: not overwritten`)
    throw new SwarmKeyError(`cannot write swarm key ${path}: ${systemErrorReason(err)}`, { cause: err })
  }
}

export async function readSwarmKey (path: string): Promise<Uint8Array> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw new SwarmKeyError(`cannot read swarm key ${path}: ${systemErrorReason(err)}`, { cause: err })
  }
  if (!SWARM_KEY_FORMAT.test(bytes.toString('latin1'))) {
    throw new SwarmKeyError(`${path} is not a swarm key (expected the file \`peertrace swarm-key\` writes)`)
  }
  return new Uint8Array(bytes.subarray(0, SWARM_KEY_LENGTH))
}
