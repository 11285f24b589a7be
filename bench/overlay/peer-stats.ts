// CPU time and resident memory of real peer processes, read from /proc by their pids: what the WAN and membership
// benchmarks record per peer.

import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import type { PeerProcess } from '../../test/harness/peer-process.js'

/** Runs `use` and measures the CPU time all peer processes spent meanwhile (from /proc, in clock ticks). */
export async function withPeersCpu<T> (peers: PeerProcess[], use: () => Promise<T>): Promise<{ value: T, cpuMs: number }> {
  const before = await Promise.all(peers.map(cpuTicks))
  const value = await use()
  const after = await Promise.all(peers.map(cpuTicks))
  const ticks = after.reduce((sum, t, i) => sum + t - (before[i] as number), 0)
  return { value, cpuMs: ticks * 1000 / CLOCK_TICKS_PER_S }
}

export const CLOCK_TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

export async function cpuTicks (peer: PeerProcess): Promise<number> {
  const stat = await readFile(`/proc/${pidOf(peer)}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime, stime
  // are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** Bytes a peer process has passed to write(2) and its kin so far (/proc/PID/io wchar): its sockets, mostly. */
export async function writtenBytes (peer: PeerProcess): Promise<number> {
  const io = await readFile(`/proc/${pidOf(peer)}/io`, 'utf8')
  const wchar = /^wchar:\s+(\d+)$/m.exec(io)?.[1]
  if (wchar === undefined) throw new Error(`no wchar for ${peer.name}`)
  return Number(wchar)
}

/** A peer process's resident memory. `ip netns exec` execs in place, so the child's pid is the node's own. */
export async function rssMb (peer: PeerProcess): Promise<number> {
  const pid = pidOf(peer)
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8')
  if (!cmdline.includes('main.js')) throw new Error(`pid ${pid} is not the peer (${cmdline.replaceAll('\0', ' ')})`)
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(kb) / 1024
}

function pidOf (peer: PeerProcess): number {
  const pid = peer.child.pid
  if (pid === undefined) throw new Error(`${peer.name} has no pid`)
  return pid
}
