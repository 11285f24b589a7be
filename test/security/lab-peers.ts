// What the security tests on the emulated WAN share beyond the harness: the check of a one-line CLI error.

import assert from 'node:assert/strict'
import type { ExecResult } from '../harness/index.js'

/** Exactly one non-empty line on stderr, no stack trace, nothing on stdout, exit `code`. */
export function assertOneLineError (result: ExecResult, code: number, pattern: RegExp): void {
  const shown = JSON.stringify(result)
  assert.equal(result.code, code, shown)
  assert.equal(result.stdout, '', shown)
  assert.match(result.stderr, /^[^\n]+\n$/, shown)
  assert.doesNotMatch(result.stderr, /^\s+at /m, shown)
  assert.match(result.stderr, pattern, shown)
}
