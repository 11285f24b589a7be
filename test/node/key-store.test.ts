// The node's identity on disk: created once (owner-only file in an owner-only dir), then the same peer id on every
// start; a damaged key file is an error, never silently replaced by a new identity.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { KEY_FILE, loadOrCreateKey } from '../../src/node/identity/key-store.js'

describe('node: key store', function () {
  let root: string

  beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'peertrace-key-')) })
  afterEach(async () => { await rm(root, { recursive: true, force: true }) })

  it('creates the key once and gives the same peer id on every load', async function () {
    const dataDir = join(root, 'data', 'node')
    const first = peerIdFromPrivateKey(await loadOrCreateKey(dataDir))
    const bytes = await readFile(join(dataDir, KEY_FILE))
    const second = peerIdFromPrivateKey(await loadOrCreateKey(dataDir))
    assert.equal(second.toString(), first.toString())
    assert.equal(first.type, 'Ed25519')
    assert.deepEqual(await readFile(join(dataDir, KEY_FILE)), bytes, 'the file was not rewritten')
  })

  it('writes the key file mode 0600 in a directory it creates mode 0700', async function () {
    const dataDir = join(root, 'data')
    await loadOrCreateKey(dataDir)
    assert.equal((await stat(join(dataDir, KEY_FILE))).mode & 0o777, 0o600)
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700)
  })

  it('gives different nodes (data dirs) different peer ids', async function () {
    const a = peerIdFromPrivateKey(await loadOrCreateKey(join(root, 'a')))
    const b = peerIdFromPrivateKey(await loadOrCreateKey(join(root, 'b')))
    assert.notEqual(a.toString(), b.toString())
  })

  it('refuses a damaged key file and leaves it as it was', async function () {
    const path = join(root, KEY_FILE)
    await writeFile(path, 'not a key', { mode: 0o600 })
    await assert.rejects(loadOrCreateKey(root))
    assert.equal(await readFile(path, 'utf8'), 'not a key')
  })
})
