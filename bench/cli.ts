// The benchmark runners' command line: `--help` prints their usage, a wrong flag or value is one line and exit 2
// (as the peertrace CLI does), and anything else that stops a run prints its stack and exits 1.

import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXIT_USAGE } from '../src/cli/exit-codes.js'
import { UsageError } from '../src/node/errors.js'

export { UsageError }

type Options = NonNullable<ParseArgsConfig['options']>
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>['values']

/**
 * The runner's flags, or a UsageError for an unknown flag or a missing value. With `--help` (`-h`) it prints `usage`
 * and exits 0.
 */
export function benchArgs<O extends Options> (usage: string, options: O): Values<O> {
  let values: Record<string, unknown>
  try {
    values = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false }).values
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err })
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`)
    process.exit(0)
  }
  return values as Values<O>
}

/** A positive integer flag's value, or a UsageError naming the flag. */
export function positiveInteger (flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} takes a positive integer (got '${text}')`)
  return value
}

/** Runs a runner's main: a UsageError is one line and exit 2, any other error its stack and exit 1. */
export async function runBench (name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message} (--help for usage)\n`)
      process.exitCode = EXIT_USAGE
      return
    }
    process.stderr.write(`${name}: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  }
}
