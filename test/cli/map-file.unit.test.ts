// `peertrace trace --map FILE`: the file it writes (SVG, or a page when FILE ends in .html) and a write that fails.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMap } from '../../src/cli/map-file.js'
import { TARGET, trace, view } from '../format/map-fixtures.js'

const views = [view('pA', 'alpha', trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: TARGET, rtts: [2] }], true))]

describe('trace --map', () => {
  let dir: string
  let said: string[]
  const write = process.stderr.write.bind(process.stderr)
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peertrace-map-'))
    said = []
    process.stderr.write = ((chunk: string) => { said.push(String(chunk)); return true }) as typeof process.stderr.write
  })
  afterEach(async () => {
    process.stderr.write = write
    await rm(dir, { recursive: true, force: true })
  })

  it('writes an SVG, or an HTML page for a .html name, and says where', async () => {
    assert.equal(await writeMap(join(dir, 'm.svg'), TARGET, views), true)
    assert.match(await readFile(join(dir, 'm.svg'), 'utf8'), /^<svg [^>]*class="peertrace-map"/)
    assert.equal(await writeMap(join(dir, 'm.HTML'), TARGET, views), true)
    assert.match(await readFile(join(dir, 'm.HTML'), 'utf8'), /^<!DOCTYPE html>[\s\S]*<svg /)
    assert.deepEqual(said, [`map written to ${join(dir, 'm.svg')}\n`, `map written to ${join(dir, 'm.HTML')}\n`])
  })

  it('fails with one line on stderr when the file cannot be written', async () => {
    const file = join(dir, 'missing', 'm.svg')
    assert.equal(await writeMap(file, TARGET, views), false)
    assert.equal(said.length, 1)
    assert.match(said[0], new RegExp(`^error: cannot write map to ${file}: .*ENOENT.*\\n$`))
  })
})
