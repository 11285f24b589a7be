// The node's data dir: created if missing, checked to be a writable directory, and locked so that one node at a
// time uses it (two nodes on one dir would share a peer id and a history). The lock is a file holding its owner's
// pid, the way IPFS's repo.lock does; a lock whose process is gone is taken over. docs/architecture.md says why.

import { readFileSync, unlinkSync } from 'node:fs'
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { logger } from '@libp2p/logger'
import { DataDirError } from '../errors.js'
import { isRunning, processIdentity, type ProcessIdentity } from './process-identity.js'
import { errnoOf, systemErrorReason } from '../system-error.js'

const log = logger('peertrace:data-dir')

export const LOCK_FILE = 'node.lock'
/** Rounds of "the lock is stale, remove it, take it" before giving up: each round another node won a race. */
const MAX_LOCK_ROUNDS = 5
/** Filesystems without hard links: the lock is then written in place (O_EXCL), not published whole by link(2). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

export interface DataDirLock {
  /** The data dir, absolute. */
  readonly dir: string
  readonly file: string
  /** The pid of the dead node whose lock this one took over, if any. */
  readonly tookOverFrom?: number
  /** Removes the lock (if it is still this process's); synchronous, so it also runs in an 'exit' handler. */
  release: () => void
}

/** Names this process's scratch files apart from other processes' (pid) and its own other attempts. */
let scratch = 0
function scratchName (file: string, what: string): string {
  return `${file}.${what}.${process.pid}.${scratch++}`
}

/** Lock files this process holds. */
const held = new Set<string>()

export async function lockDataDir (dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir)
  await makeDir(dir, dir)
  await checkDirectory(dir)
  const file = join(dir, LOCK_FILE)
  const content = JSON.stringify(processIdentity()) + '\n'
  let tookOverFrom: number | undefined
  for (let round = 0; round < MAX_LOCK_ROUNDS; round++) {
    if (await createExclusive(dir, file, content)) return heldLock(dir, file, content, tookOverFrom)
    const text = await readOrUndefined(file)
    if (text === undefined) continue
    const holder = parseHolder(text)
    if (holder !== undefined && holderAlive(file, holder)) {
      throw new DataDirError('ERR_DATA_DIR_LOCKED',
        `data dir ${dir} is in use by another node (pid ${holder.pid}): give each node its own --data-dir`)
    }
    tookOverFrom = holder?.pid
    await removeStale(dir, file, text)
  }
  throw new DataDirError('ERR_DATA_DIR_LOCKED',
    `data dir ${dir}: its lock changed hands ${MAX_LOCK_ROUNDS} times while this node tried to take it: give each node its own --data-dir`)
}

function heldLock (dir: string, file: string, content: string, tookOverFrom: number | undefined): DataDirLock {
  held.add(file)
  const release = (): void => {
    if (!held.delete(file)) return
    process.off('exit', release)
    try {
      if (readFileSync(file, 'utf8') === content) unlinkSync(file)
    } catch (err) {
      // Gone already, or the dir with it.
      log('lock %s not removed: %s', file, (err as Error).message)
    }
  }
  // A start-up failure or an exit nobody planned still leaves no lock behind.
  process.once('exit', release)
  return { dir, file, tookOverFrom, release }
}

function holderAlive (file: string, holder: ProcessIdentity): boolean {
  if (holder.pid !== process.pid) return isRunning(holder)
  // This process's pid: its own lock (or one it is publishing right now) if the start time says so; else a lock
  // left by an earlier process that had this pid.
  return held.has(file) || (holder.start !== undefined && isRunning(holder))
}

/** The holder a lock file names; undefined for a file no node wrote whole (it is taken over). */
function parseHolder (text: string): ProcessIdentity | undefined {
  try {
    const value = JSON.parse(text) as Partial<Record<keyof ProcessIdentity, unknown>>
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined
    return {
      pid: value.pid as number,
      boot: typeof value.boot === 'string' ? value.boot : undefined,
      start: typeof value.start === 'string' ? value.start : undefined
    }
  } catch (err) {
    log('lock file holds no holder: %s', (err as Error).message)
    return undefined
  }
}

/**
 * Publishes the lock whole: written to a file of this process's own, then linked to the lock's name, which fails
 * if it exists. A reader never sees a half-written lock (O_EXCL then write would show it empty for a moment).
 */
async function createExclusive (dir: string, file: string, content: string): Promise<boolean> {
  const own = scratchName(file, 'new')
  try {
    await writeFile(own, content, { mode: 0o644 })
  } catch (err) {
    throw new DataDirError('ERR_DATA_DIR_UNUSABLE', `data dir ${dir} is not writable: ${systemErrorReason(err)}`, { cause: err })
  }
  try {
    return await linkExclusive(own, file, content)
  } finally {
    await rm(own, { force: true })
  }
}

async function linkExclusive (from: string, to: string, content: string): Promise<boolean> {
  try {
    await link(from, to)
    return true
  } catch (err) {
    const code = errnoOf(err)
    if (code === 'EEXIST') return false
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw err
  }
  try {
    await writeFile(to, content, { mode: 0o644, flag: 'wx' })
    return true
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return false
    throw err
  }
}

/**
 * Moves the stale lock aside, then checks that what moved is what was judged stale: another node may have taken
 * it over in between, and then its lock goes back. Removing the file by name could delete that node's new lock.
 */
async function removeStale (dir: string, file: string, stale: string): Promise<void> {
  const aside = scratchName(file, 'stale')
  try {
    await rename(file, aside)
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return
    throw new DataDirError('ERR_DATA_DIR_UNUSABLE', `data dir ${dir}: cannot remove the stale ${LOCK_FILE}: ${systemErrorReason(err)}`, { cause: err })
  }
  try {
    const moved = await readOrUndefined(aside)
    if (moved !== undefined && moved !== stale) await linkExclusive(aside, file, moved)
  } finally {
    await rm(aside, { force: true })
  }
}

async function readOrUndefined (file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined
    throw err
  }
}

/**
 * mkdir -p, one level at a time: Node 20's own `recursive` loops for ever where mkdir answers ENOENT for a parent
 * that exists (under /proc), so a path there hung the node with no output. Depth bounds this walk.
 */
async function makeDir (dir: string, dataDir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 })
    return
  } catch (err) {
    const code = errnoOf(err)
    if (code === 'EEXIST') return
    if (code !== 'ENOENT' || dirname(dir) === dir) throw cannotCreate(dataDir, err)
  }
  await makeDir(dirname(dir), dataDir)
  try {
    await mkdir(dir, { mode: 0o700 })
  } catch (err) {
    if (errnoOf(err) !== 'EEXIST') throw cannotCreate(dataDir, err)
  }
}

async function checkDirectory (dir: string): Promise<void> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(dir)).isDirectory()
  } catch (err) {
    throw new DataDirError('ERR_DATA_DIR_UNUSABLE', `cannot use data dir ${dir}: ${systemErrorReason(err)}`, { cause: err })
  }
  if (!isDirectory) throw new DataDirError('ERR_DATA_DIR_UNUSABLE', `data dir ${dir} is not a directory`)
}

function cannotCreate (dataDir: string, err: unknown): DataDirError {
  return new DataDirError('ERR_DATA_DIR_UNUSABLE', `cannot create data dir ${dataDir}: ${systemErrorReason(err)}`, { cause: err })
}
