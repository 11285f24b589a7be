// Peer processes for the security tests on the emulated WAN. startPeer() (test/harness/peer-process.ts) always
// opens the lab's ranges with --allow-target; these tests also need a peer with exactly the flags they give (the
// default target policy) and debug logs, so this starts one the same way, and stops every peer by its pid.

import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExecResult, Lab } from '../harness/index.js'
import { PEER_PORT, PEERTRACE_CLI, PeerProcess } from '../harness/peer-process.js'

/** How long a peer gets to stop on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000

export interface PlainPeerOptions {
  name: string
  bootstrap?: string[]
  extraArgs?: string[]
  /** Reuse a data dir (a restart keeps its peer id). */
  dataDir?: string
  /** DEBUG scopes for the peer (its debug lines land in PeerProcess.log). */
  debug?: string
}

/** `peertrace node` on `host`'s lab address with only the flags given: no --allow-target unless extraArgs has one. */
export async function startPlainPeer (lab: Lab, host: string, options: PlainPeerOptions): Promise<PeerProcess> {
  const addr = lab.addr(host, 4)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `peertrace-${options.name}-`))
  const args = [
    process.execPath, PEERTRACE_CLI, 'node', '--host', addr, '--port', String(PEER_PORT), '--name', options.name,
    '--data-dir', dataDir, ...(options.bootstrap ?? []).flatMap(b => ['--bootstrap', b]), ...(options.extraArgs ?? [])
  ]
  const env = options.debug === undefined ? process.env : { ...process.env, DEBUG: options.debug }
  const peer = new PeerProcess(host, options.name, addr, PEER_PORT, lab.spawn(host, args, { stdio: ['ignore', 'pipe', 'pipe'], env }), dataDir)
  await peer.until('listen address', () => peer.log.includes('listening on'))
  return peer
}

/**
 * Resolves once `check` holds, re-checked on every chunk the peer writes to stderr (PeerProcess.until() re-checks
 * only on stdout, and debug lines go to stderr); rejects at the deadline or when the peer exits.
 */
export async function untilStderr (peer: PeerProcess, what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const stderr = peer.child.stderr
  if (stderr === null) throw new Error(`${peer.name}: stderr is not piped`)
  if (check()) return
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer)
      stderr.off('data', onData)
      peer.child.off('exit', onExit)
      if (err === undefined) resolve()
      else reject(err)
    }
    const onData = (): void => { if (check()) done() }
    const onExit = (): void => { done(new Error(`${peer.name} exited before ${what}\n${peer.log}`)) }
    const timer = setTimeout(() => { done(new Error(`${peer.name}: no ${what} within ${timeoutMs} ms\n${peer.log}`)) }, timeoutMs)
    // Registered after PeerProcess's own listener, so peer.log already holds the chunk when check() runs.
    stderr.on('data', onData)
    peer.child.once('exit', onExit)
  })
}

/** SIGTERM by pid, SIGKILL if it has not exited within STOP_GRACE_MS. */
export async function stopPeer (peer: PeerProcess, options: { keepDataDir?: boolean } = {}): Promise<void> {
  const stopping = peer.stop('SIGTERM', options)
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>(resolve => { timer = setTimeout(() => { resolve('late') }, STOP_GRACE_MS) })
  try {
    if (await Promise.race([stopping, late]) === 'late') await peer.stop('SIGKILL', options)
  } finally {
    clearTimeout(timer)
  }
}

/** Exactly one non-empty line on stderr, no stack trace, nothing on stdout, exit `code`. */
export function assertOneLineError (result: ExecResult, code: number, pattern: RegExp): void {
  const shown = JSON.stringify(result)
  assert.equal(result.code, code, shown)
  assert.equal(result.stdout, '', shown)
  assert.match(result.stderr, /^[^\n]+\n$/, shown)
  assert.doesNotMatch(result.stderr, /^\s+at /m, shown)
  assert.match(result.stderr, pattern, shown)
}
