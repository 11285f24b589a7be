// `peertrace trace … | head`: a reader that goes away mid-output ends the program quietly with exit 0 (no EPIPE
// stack trace). A real process, writing through runProgram into a pipe the test closes after the first chunk.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const RUN_PROGRAM = fileURLToPath(new URL('../../src/cli/run-program.js', import.meta.url))

/** A program whose one command writes lines until it cannot (argv under -e: node, then 'flood', then 'lines'). */
const SCRIPT = `
import { newProgram, runProgram } from ${JSON.stringify(RUN_PROGRAM)}
const program = newProgram('flood', 'writes forever')
program.command('lines').action(async () => {
  for (let i = 0; ; i++) {
    if (!process.stdout.write('line ' + i + ' of a long trace output\\n')) await new Promise(r => process.stdout.once('drain', r))
  }
})
await runProgram(program)
`

describe('output into a closed pipe', () => {
  it('exits 0 with nothing on stderr once the reader has gone', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, 'flood', 'lines'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => { resolve(chunk.toString()) })
      child.once('exit', (code) => { reject(new Error(`exited ${String(code)} before writing: ${stderr}`)) })
    })
    assert.match(first, /^line 0 of a long trace output\n/)
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => { child.once('exit', resolve) })
    assert.equal(stderr, '')
    assert.equal(code, 0)
  })
})
