// The README's main job: an emulated WAN of 8 sites (the 8 servers of the original assignment), one peertrace peer
// process per site joined through the first one, a trace issued from another site and printed as lines and as a
// tree. Everything runs inside network namespaces it creates, and is torn down at the end, also on failure.

import '../src/polyfill.js'
import { resolve } from 'node:path'
import { createLab, labPrerequisiteMissing, wan8, type Lab } from '../test/harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../test/harness/peer-process.js'

/** `npm run demo -- --map FILE` also writes the merged paths as a map (.svg, or .html). */
const MAP_FILE = process.argv[2] === '--map' && process.argv[3] !== undefined ? resolve(process.argv[3]) : undefined
const SITES = 8
const ENTRY_SITE = 3
const TARGET_SITE = 8

async function main (): Promise<number> {
  const missing = labPrerequisiteMissing()
  if (missing !== null) {
    process.stderr.write(`demo: cannot run: ${missing}\n` +
      'The demo builds an emulated network with Linux network namespaces: run it as root on Linux with iproute2 ' +
      '(npm run demo installs the Debian packages it needs when run as root).\n')
    return 2
  }
  let lab: Lab | undefined
  const peers: PeerProcess[] = []
  try {
    say(`building an emulated WAN: ${SITES} sites, each a host behind its own router, joined by a core of 4 routers`)
    lab = await createLab(wan8())
    const first = await startPeer(lab, 'h1', { name: 'site1' })
    peers.push(first)
    say(`site1 listens on ${first.address} (peer ${first.peerId ?? '?'})`)
    for (let i = 2; i <= SITES; i++) {
      peers.push(await startPeer(lab, `h${i}`, { name: `site${i}`, bootstrap: [first.address] }))
    }
    say(`started ${SITES} peers, each joined through site1 only; waiting for the overlay to form`)
    await Promise.all(peers.map(async p => { await p.until('a neighbour', () => p.neighbours >= 1, 30_000) }))
    say(`overlay formed: degrees ${peers.map(p => `${p.name}=${p.neighbours}`).join(' ')}`)

    const entry = peers[ENTRY_SITE - 1]
    const target = lab.addr(`h${TARGET_SITE}`, 4)
    for (const format of ['lines', 'tree']) {
      say(`\n$ peertrace trace --peer ${entry.address} ${target} --format ${format}    (from site${ENTRY_SITE})`)
      const map = format === 'tree' && MAP_FILE !== undefined ? ['--map', MAP_FILE] : []
      const run = await lab.exec(`h${ENTRY_SITE}`, [process.execPath, PEERTRACE_CLI, 'trace', '--peer', entry.address,
        target, '--format', format, '--timeout', '15', ...map], { timeoutMs: 30_000 })
      process.stdout.write(run.stdout)
      if (run.stderr !== '') process.stderr.write(run.stderr)
      if (run.code !== 0) throw new Error(`trace exited with ${String(run.code)}`)
    }
    // The entry peer recorded both traces; its operator (here: on its host) lists them.
    say(`\n$ peertrace history --peer ${entry.address}    (from site${ENTRY_SITE}, the node's own host)`)
    const history = await lab.exec(`h${ENTRY_SITE}`, [process.execPath, PEERTRACE_CLI, 'history', '--peer', entry.address], { timeoutMs: 30_000 })
    process.stdout.write(history.stdout)
    if (history.code !== 0) throw new Error(`history exited with ${String(history.code)}: ${history.stderr.trim()}`)
    return 0
  } catch (err) {
    process.stderr.write(`demo failed: ${(err as Error).message}\n`)
    for (const p of peers) process.stderr.write(`--- ${p.name} ---\n${p.log}\n`)
    return 1
  } finally {
    await Promise.all(peers.map(async p => { await p.stop() }))
    await lab?.destroy()
    say('\ntorn down: every peer stopped, every namespace removed')
  }
}

function say (text: string): void {
  process.stdout.write(text + '\n')
}

process.exitCode = await main()
