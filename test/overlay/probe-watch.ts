// Tells from outside when a peer process is probing: its probe engine holds a raw ICMP socket only while one of its
// own traces runs (src/engine/engine.ts closes it when the last trace ends), so a raw socket among the process's
// open files means the peer has accepted a request and its trace is under way.

import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import type { PeerProcess } from '../harness/peer-process.js'

const POLL_INTERVAL_MS = 10

/** True when process `pid` has a raw socket (IPv4 or IPv6) open. */
function holdsRawSocket (pid: number): boolean {
  // /proc/<pid>/net/raw{,6} list the raw sockets of the process's network namespace, inode in the 10th column.
  const rawInodes = new Set<string>()
  for (const table of ['raw', 'raw6']) {
    for (const row of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1)) {
      const inode = row.trim().split(/\s+/)[9]
      if (inode !== undefined) rawInodes.add(inode)
    }
  }
  if (rawInodes.size === 0) return false
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`)
    } catch {
      continue // closed since the listing
    }
    const socket = /^socket:\[(\d+)\]$/.exec(target)
    if (socket !== null && rawInodes.has(socket[1])) return true
  }
  return false
}

/**
 * Resolves once the peer holds a raw socket, re-checking every few ms (/proc has no change events); rejects at
 * the deadline or when the peer exits first.
 */
export async function untilProbing (peer: PeerProcess, timeoutMs: number): Promise<void> {
  const pid = peer.child.pid
  if (pid === undefined) throw new Error(`${peer.name} has no pid`)
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (!peer.alive) throw new Error(`${peer.name} exited before it started probing\n${peer.log}`)
    if (holdsRawSocket(pid)) return
    if (performance.now() > deadline) throw new Error(`${peer.name} did not start probing within ${timeoutMs} ms\n${peer.log}`)
    await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS))
  }
}
