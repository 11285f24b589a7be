// A small disk for a node's data dir: a tmpfs of a few MiB mounted on a fresh temporary directory, that a test can
// fill to the last page (a file written until ENOSPC) and free again, and unmounts and removes when done.

import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from '../harness/run-command.js'

const COMMAND_TIMEOUT_MS = 10_000
const FILL_CHUNK_BYTES = 64 * 1024

export class SmallDisk {
  readonly dir: string
  private readonly filler: string
  private mounted = false

  private constructor (dir: string) {
    this.dir = dir
    this.filler = join(dir, 'filler')
  }

  /** A tmpfs of `sizeBytes` on a new directory; the directory goes again if the mount fails. */
  static async mount (sizeBytes: number): Promise<SmallDisk> {
    const disk = new SmallDisk(mkdtempSync(join(tmpdir(), 'peertrace-small-disk-')))
    const run = await runCommand('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', disk.dir], { timeoutMs: COMMAND_TIMEOUT_MS })
    if (run.code !== 0) {
      rmSync(disk.dir, { recursive: true, force: true })
      throw new Error(`cannot mount a tmpfs on ${disk.dir}: ${run.stderr}`)
    }
    disk.mounted = true
    return disk
  }

  /** Writes the filler file until the disk refuses another byte (ENOSPC); resolves with the bytes it took. */
  fill (): number {
    const fd = openSync(this.filler, 'a')
    const chunk = Buffer.alloc(FILL_CHUNK_BYTES)
    let written = 0
    try {
      // A tmpfs gives out whole pages: a short write takes the last of them, the next write fails. Bounded by the size.
      while (true) written += writeSync(fd, chunk)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
    } finally {
      closeSync(fd)
    }
    return written
  }

  /** Removes the filler: the disk has room again. */
  free (): void {
    rmSync(this.filler, { force: true })
  }

  /** Unmounts (lazily, should a process still hold a file there) and removes the directory. Safe to call twice. */
  async remove (): Promise<void> {
    if (this.mounted) {
      const run = await runCommand('umount', ['--lazy', this.dir], { timeoutMs: COMMAND_TIMEOUT_MS })
      if (run.code !== 0) throw new Error(`cannot unmount ${this.dir}: ${run.stderr}`)
      this.mounted = false
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
