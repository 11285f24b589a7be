// Runs a commander program the peertrace way: usage errors exit 2 with one line, runtime errors print their
// one-line reason with the exit code of their kind, never a stack trace.

import { Command, CommanderError } from 'commander'
import { SOFTWARE_VERSION } from '../node/directory/self-description.js'
import { EXIT_USAGE, exitCodeOf } from './exit-codes.js'

export function newProgram (name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .version(SOFTWARE_VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => { write(`${text.split('\n')[0].trimEnd()} (see --help)\n`) } })
}

export async function runProgram (program: Command, argv: string[] = process.argv): Promise<void> {
  exitQuietlyOnClosedStdout()
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every parse error is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE
    } else {
      process.stderr.write(`${program.name()}: ${(err as Error).message ?? String(err)}\n`)
      process.exitCode = exitCodeOf(err)
    }
  }
}

/** `peertrace trace … | head`: once the reader has gone, nothing more can be printed; stop at once, exit 0. */
function exitQuietlyOnClosedStdout (): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    process.stderr.write(`cannot write the output: ${err.message}\n`)
    process.exit(1)
  })
}
