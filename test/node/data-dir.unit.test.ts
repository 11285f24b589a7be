// The data dir lock in one process: what it writes, when it refuses, which locks it takes over (a dead pid, a pid
// given to another process since, a file no node wrote), and that release removes only its own lock.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOCK_FILE, lockDataDir, type DataDirLock } from '../../src/node/identity/data-dir.js'
import { processIdentity } from '../../src/node/identity/process-identity.js'

/** Above Linux's PID_MAX_LIMIT (2^22): no process can have it. */
const IMPOSSIBLE_PID = 4_194_305

describe('node: data dir lock', function () {
  let root = ''
  let locks: DataDirLock[] = []

  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'peertrace-lock-')) })
  afterEach(() => {
    for (const lock of locks) lock.release()
    locks = []
    rmSync(root, { recursive: true, force: true })
  })

  async function lock (dir: string): Promise<DataDirLock> {
    const taken = await lockDataDir(dir)
    locks.push(taken)
    return taken
  }

  function writeLock (dir: string, content: unknown): void {
    writeFileSync(join(dir, LOCK_FILE), typeof content === 'string' ? content : JSON.stringify(content))
  }

  it('creates a missing dir (and its parents), and the lock names this process; release removes it', async () => {
    const dir = join(root, 'a', 'b', 'c')
    const taken = await lock(dir)
    assert.equal(taken.dir, dir)
    assert.equal(taken.tookOverFrom, undefined)
    assert.deepEqual(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')), processIdentity())
    taken.release()
    assert.equal(existsSync(join(dir, LOCK_FILE)), false)
    // Taken again after a release.
    await lock(dir)
  })

  it('a second lock on a held dir is refused, naming the dir and the holder\'s pid', async () => {
    await lock(root)
    await assert.rejects(lockDataDir(root), {
      code: 'ERR_DATA_DIR_LOCKED',
      message: `data dir ${root} is in use by another node (pid ${process.pid}): give each node its own --data-dir`
    })
  })

  it('a lock naming a live process (the test runner\'s parent) is refused', async () => {
    writeLock(root, processIdentity(process.ppid))
    await assert.rejects(lockDataDir(root), { code: 'ERR_DATA_DIR_LOCKED', message: new RegExp(`\\(pid ${process.ppid}\\)`) })
    // A pid alone (no start time to compare) counts as its process too.
    writeLock(root, { pid: process.ppid })
    await assert.rejects(lockDataDir(root), { code: 'ERR_DATA_DIR_LOCKED' })
  })

  const stale: Array<[string, () => unknown, number | undefined]> = [
    ['a pid no process has', () => ({ pid: IMPOSSIBLE_PID }), IMPOSSIBLE_PID],
    ['a live pid with another start time (the pid was given again)', () => ({ ...processIdentity(process.ppid), start: '0' }), process.ppid],
    ['a live pid from another boot', () => ({ ...processIdentity(process.ppid), boot: 'another-boot' }), process.ppid],
    ['this process\'s own pid, which it has not locked (reused after a crash)', () => ({ pid: process.pid }), process.pid],
    ['an empty file', () => '', undefined],
    ['not JSON', () => 'garbage', undefined],
    ['pid 0 (which would signal a process group)', () => ({ pid: 0 }), undefined],
    ['pid -1 (which would signal every process)', () => ({ pid: -1 }), undefined]
  ]
  for (const [what, content, from] of stale) {
    it(`a stale lock is taken over: ${what}`, async () => {
      writeLock(root, content())
      const taken = await lock(root)
      assert.equal(taken.tookOverFrom, from)
      assert.equal(JSON.parse(readFileSync(taken.file, 'utf8')).pid, process.pid)
    })
  }

  it('several takers of one stale lock at once: exactly one gets it, the others are refused', async () => {
    writeLock(root, { pid: IMPOSSIBLE_PID })
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(async () => await lock(root)))
    assert.equal(outcomes.filter(o => o.status === 'fulfilled').length, 1)
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') assert.equal((outcome.reason as { code: string }).code, 'ERR_DATA_DIR_LOCKED')
    }
  })

  it('release leaves a lock that is no longer this process\'s', async () => {
    const taken = await lock(root)
    writeLock(root, { pid: IMPOSSIBLE_PID })
    taken.release()
    assert.equal(JSON.parse(readFileSync(taken.file, 'utf8')).pid, IMPOSSIBLE_PID)
  })

  it('a file is not a data dir; nor is a path under one', async () => {
    const file = join(root, 'file')
    writeFileSync(file, '')
    await assert.rejects(lockDataDir(file), { code: 'ERR_DATA_DIR_UNUSABLE', message: `data dir ${file} is not a directory` })
    await assert.rejects(lockDataDir(join(file, 'sub')), {
      code: 'ERR_DATA_DIR_UNUSABLE',
      message: `cannot create data dir ${join(file, 'sub')}: a part of the path is not a directory (ENOTDIR)`
    })
  })
})
