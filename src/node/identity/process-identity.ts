// Whether the process a lock file names still runs: its pid is alive and, where /proc tells, it is the same process
// (same boot, same start time), not a later one that was given the pid again after a crash or a reboot.

import { readFileSync } from 'node:fs'
import { logger } from '@libp2p/logger'
import { errnoOf } from '../system-error.js'

const log = logger('peertrace:data-dir')

export interface ProcessIdentity {
  pid: number
  /** Linux: /proc/sys/kernel/random/boot_id when the process ran. */
  boot?: string
  /** Linux: its start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  start?: string
}

/** What a lock file records of a process: its pid, and on Linux what tells it from a later one with that pid. */
export function processIdentity (pid: number = process.pid): ProcessIdentity {
  return { pid, ...procIdentity(pid) }
}

export function isRunning (holder: ProcessIdentity): boolean {
  // Only a positive pid names one process: kill(0) and kill(-1) would reach a process group or every process.
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return false
  try {
    process.kill(holder.pid, 0)
  } catch (err) {
    // EPERM: it runs, as another user.
    if (errnoOf(err) === 'ESRCH') return false
  }
  if (holder.boot === undefined || holder.start === undefined) return true
  const now = procIdentity(holder.pid)
  // No /proc view of it (hidepid, another OS): the pid alone decides.
  if (now === undefined) return true
  return now.boot === holder.boot && now.start === holder.start
}

function procIdentity (pid: number): { boot: string, start: string } | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself: count from its end.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    return boot !== '' && /^\d+$/.test(start ?? '') ? { boot, start } : undefined
  } catch (err) {
    log('no /proc identity for pid %d: %s', pid, (err as Error).message)
    return undefined
  }
}
