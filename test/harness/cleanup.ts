// Guarantees no namespace or process outlives its lab: a registry of live labs torn down synchronously on process
// exit, SIGINT and SIGTERM, and a sweep that deletes namespaces left by earlier runs whose process has died.

import { spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { LAB_ID_PATTERN, SETUP_STEP_TIMEOUT_MS } from './constants.js'
import { killGroup, runCommand } from './run-command.js'

export interface TrackedChild {
  child: ChildProcess
  /** Leads its own process group, so the group is signalled too. */
  detached: boolean
}

/** What the exit hooks need of a lab: its namespaces and the processes it started. */
export interface LiveLab {
  readonly namespaces: readonly string[]
  readonly children: Set<TrackedChild>
}

const live = new Set<LiveLab>()
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** Registers a lab before its first namespace exists, so an interrupted build is cleaned up too. */
export function track (lab: LiveLab): void {
  live.add(lab)
  if (live.size === 1) installHooks()
}

export function untrack (lab: LiveLab): void {
  live.delete(lab)
  if (live.size === 0) removeHooks()
}

/** Deletes namespaces with one `ip -batch`; `-force` keeps going past names a half-built lab never created. */
export async function deleteNamespaces (names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  await runCommand('ip', ['-force', '-batch', '-'], { input: deletionBatch(names), timeoutMs: SETUP_STEP_TIMEOUT_MS })
}

/** Removes namespaces of earlier runs whose creating process (the pid in the name) no longer exists. */
export async function sweepStaleNamespaces (): Promise<string[]> {
  const listing = await runCommand('ip', ['netns', 'list'], { timeoutMs: SETUP_STEP_TIMEOUT_MS })
  const stale = listing.stdout.split('\n')
    .map(line => line.trim().split(/\s+/)[0])
    .filter(name => {
      const match = LAB_ID_PATTERN.exec(name)
      return match !== null && !isAlive(Number(match[1]))
    })
  await deleteNamespaces(stale)
  return stale
}

function deletionBatch (names: readonly string[]): string {
  return names.map(name => `netns del ${name}`).join('\n') + '\n'
}

function isAlive (pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Runs inside 'exit' and signal handlers, where nothing asynchronous gets to run any more. */
function tearDownAllSync (): void {
  const namespaces: string[] = []
  for (const lab of live) {
    for (const { child, detached } of lab.children) killGroup(child, 'SIGKILL', detached)
    namespaces.push(...lab.namespaces)
  }
  live.clear()
  if (namespaces.length > 0) {
    spawnSync('ip', ['-force', '-batch', '-'], { input: deletionBatch(namespaces), stdio: ['pipe', 'ignore', 'ignore'] })
  }
}

function onExit (): void {
  tearDownAllSync()
}

function onSignal (signal: NodeJS.Signals): void {
  tearDownAllSync()
  removeHooks()
  // Listening suppressed the signal's default action; if nobody else handles it, die by it as we would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installHooks (): void {
  process.on('exit', onExit)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function removeHooks (): void {
  process.off('exit', onExit)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}
