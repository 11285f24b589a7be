// `--asn-db FILE` on trace, show and node: a missing, oversized or malformed file is a usage error (exit 2) said in
// one line naming the file (and the line), before anything is dialled or started. Nothing here touches a network:
// each command stops at the file.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EXIT_USAGE } from '../../src/cli/exit-codes.js'

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

async function run (args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return await new Promise(resolve => {
    execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr })
    })
  })
}

describe('--asn-db: unusable files are usage errors, in one line', function () {
  this.timeout(60_000)
  const dir = mkdtempSync(join(tmpdir(), 'peertrace-asn-option-'))
  after(() => { rmSync(dir, { recursive: true, force: true }) })
  const missing = join(dir, 'missing.tsv')
  const malformed = join(dir, 'bad.tsv')
  writeFileSync(malformed, '1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\nnot a line\n')

  const commands: Array<[string, string[]]> = [
    ['trace', ['trace', '192.0.2.1', '-p', '1']],
    ['show', ['show', 'ab'.repeat(16), '-p', '1']],
    ['node', ['node', '-p', '0', '--host', '127.0.0.1', '--data-dir', join(dir, 'data')]]
  ]
  for (const [name, args] of commands) {
    it(`${name}: a missing file, then a malformed one`, async () => {
      for (const [file, reason] of [[missing, `${missing}: no such file`], [malformed, `${malformed}: line 2: 1 tab-separated field (want iptoasn TSV`]]) {
        const result = await run([...args, '--asn-db', file])
        assert.equal(result.code, EXIT_USAGE, result.stderr)
        assert.equal(result.stdout, '')
        const lines = result.stderr.trimEnd().split('\n')
        assert.equal(lines.length, 1, result.stderr)
        assert.ok(lines[0].startsWith(`peertrace: ASN database ${reason}`), lines[0])
      }
    })
  }
})
