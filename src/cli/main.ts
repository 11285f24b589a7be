#!/usr/bin/env node
// The peertrace command line: one subcommand per file under commands/. Usage errors exit 2 with one line,
// runtime errors print their one-line reason with the exit code of their kind, never a stack trace.

import '../polyfill.js'
import { Command, CommanderError } from 'commander'
import { probeCommand } from './commands/probe.js'
import { EXIT_USAGE, exitCodeOf } from './exit-codes.js'

const program = new Command('peertrace')
  .description('peer-to-peer traceroute measurement network')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => { write(`${text.split('\n')[0].trimEnd()} (see --help)\n`) } })

probeCommand(program)

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every parse error is a usage error.
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE
  } else {
    process.stderr.write(`peertrace: ${(err as Error).message ?? String(err)}\n`)
    process.exitCode = exitCodeOf(err)
  }
}
