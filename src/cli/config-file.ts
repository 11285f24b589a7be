// A node's config file (`peertrace node --config FILE`): every node option by its long name, as a JSON object
// ({"port": 4001, "bootstrap": ["192.0.2.10:4001"], "no-history": true}) or as key=value lines (`port = 4001`, a
// repeatable option once per line, `#` comments). A flag given on the command line wins over the file.

import { readFile } from 'node:fs/promises'
import type { Command, Option } from 'commander'
import { UsageError } from '../node/errors.js'
import { systemErrorReason } from '../node/system-error.js'

/** A config file's entries: option long name (no dashes) to the values it gives, in order. */
type ConfigEntries = Map<string, Array<string | boolean>>

/** Reads `file` and sets every option it names that the command line did not; a bad file is a usage error. */
export async function applyConfigFile (command: Command, file: string): Promise<void> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read config file ${file}: ${systemErrorReason(err)}`, { cause: err })
  }
  applyConfig(command, parseConfig(text, file), file)
}

function parseConfig (text: string, file: string): ConfigEntries {
  const entries: ConfigEntries = new Map()
  const add = (key: string, value: string | boolean): void => {
    const name = key.replace(/^--/, '').replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)
    entries.set(name, [...(entries.get(name) ?? []), value])
  }
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw new UsageError(`config file ${file} is not valid JSON: ${(err as Error).message}`)
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`config file ${file}: expected a JSON object of options`)
    }
    for (const [key, value] of Object.entries(parsed)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (typeof one !== 'string' && typeof one !== 'number' && typeof one !== 'boolean') {
          throw new UsageError(`config file ${file}: ${key}: expected a string, number or boolean`)
        }
        add(key, typeof one === 'number' ? String(one) : one)
      }
    }
    return entries
  }
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const eq = line.indexOf('=')
    if (eq <= 0) throw new UsageError(`config file ${file} line ${i + 1}: expected key = value`)
    const value = line.slice(eq + 1).trim()
    add(line.slice(0, eq).trim(), value === 'true' ? true : value === 'false' ? false : value)
  })
  return entries
}

function applyConfig (command: Command, entries: ConfigEntries, file: string): void {
  for (const [name, values] of entries) {
    const { option, byNoName } = findOption(command, name, file)
    const key = option.attributeName()
    if (command.getOptionValueSource(key) === 'cli') continue
    let value: unknown
    if (option.negate || option.isBoolean()) {
      const given = values.at(-1)
      if (typeof given !== 'boolean') throw new UsageError(`config file ${file}: ${name}: expected true or false`)
      // `history = false` and `no-history = true` both turn it off.
      value = option.negate && byNoName ? !given : given
    } else {
      value = option.defaultValue
      const repeatable = Array.isArray(option.defaultValue)
      if (!repeatable && values.length > 1) throw new UsageError(`config file ${file}: ${name} given ${values.length} times`)
      for (const one of values) {
        if (typeof one !== 'string') throw new UsageError(`config file ${file}: ${name}: expected a value, not ${String(one)}`)
        try {
          value = option.parseArg === undefined ? one : option.parseArg(one, repeatable ? value : undefined)
        } catch (err) {
          throw new UsageError(`config file ${file}: ${name}: ${(err as Error).message.replace(/^error: /, '')}`)
        }
      }
    }
    command.setOptionValueWithSource(key, value, 'config')
  }
}

/** The option a config key names: its long name, or for a `--no-X` option also `X` (byNoName: named `no-X`). */
function findOption (command: Command, name: string, file: string): { option: Option, byNoName: boolean } {
  for (const option of command.options) {
    if (option.long === `--${name}`) return { option, byNoName: option.negate }
    if (option.negate && option.long === `--no-${name}`) return { option, byNoName: false }
  }
  throw new UsageError(`config file ${file}: unknown option '${name}'`)
}
