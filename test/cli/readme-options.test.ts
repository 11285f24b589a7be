// The README's command table against the commands themselves: every option a row names exists on that command (as
// its `--help` lists it), and every option of every command appears in its rows (one of its spellings). A new flag
// without a README line, or a README line for a flag that went away, fails here.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const README = fileURLToPath(new URL('../../../README.md', import.meta.url))
const bin = (name: string): string => fileURLToPath(new URL(`../../src/cli/${name}.js`, import.meta.url))

/** The command line of each command the table documents. */
const COMMANDS: Record<string, string[]> = {
  'peertrace node': [bin('main'), 'node'],
  'peertrace trace': [bin('main'), 'trace'],
  'peertrace peers': [bin('main'), 'peers'],
  'peertrace history': [bin('main'), 'history'],
  'peertrace show': [bin('main'), 'show'],
  'peertrace swarm-key': [bin('main'), 'swarm-key'],
  'peertrace probe': [bin('main'), 'probe'],
  traceroutesvr: [bin('traceroutesvr')],
  tracerouteclnt: [bin('tracerouteclnt')]
}
/** Every command has these; the table leaves them out. */
const IMPLIED = new Set(['-h', '--help', '-V', '--version'])

/** Each option of a command as its --help lists it: its spellings (`-p`, `--port`). */
async function helpOptions (argv: string[]): Promise<string[][]> {
  const { stdout } = await run(process.execPath, [...argv, '--help'])
  return stdout.split('\n').flatMap((line) => {
    // Option lines are indented by two spaces; wrapped descriptions by more.
    const match = /^ {2}(-[^\s,]+)(?:, (-[^\s,]+))?/.exec(line)
    if (match === null) return []
    const spellings = [match[1], match[2]].filter((s): s is string => s !== undefined)
    return spellings.some((s) => IMPLIED.has(s)) ? [] : [spellings]
  })
}

/** The flags each command's rows of the README table name (a row starting with `…` continues the command above). */
function readmeFlags (): Map<string, Set<string>> {
  const flags = new Map<string, Set<string>>()
  let current: string[] = []
  for (const line of readFileSync(README, 'utf8').split('\n')) {
    if (!line.startsWith('| ')) continue
    const cell = line.slice(2).split(/ \| /)[0] ?? ''
    if (!cell.startsWith('…')) {
      current = Object.keys(COMMANDS).filter((command) => cell.includes(`\`${command}`))
      if (current.length === 0) continue
    }
    // In a cell with two commands (`traceroutesvr …` / `tracerouteclnt …`), each part is its own command's.
    const parts = current.length > 1 ? cell.split(/` \/ `/) : [cell]
    current.forEach((command, i) => {
      const part = parts[i] ?? ''
      const set = flags.get(command) ?? new Set<string>()
      for (const m of part.matchAll(/(?<![\w-])(--?[A-Za-z0-9][\w-]*)/g)) set.add(m[1] as string)
      flags.set(command, set)
    })
  }
  return flags
}

describe('the README\'s command table against --help', function () {
  this.timeout(60_000)
  const documented = readmeFlags()

  for (const [command, argv] of Object.entries(COMMANDS)) {
    it(`${command}: the README names every option it has, and none it has not`, async () => {
      const options = await helpOptions(argv)
      const inReadme = documented.get(command)
      assert.ok(inReadme !== undefined, `the README's table has no row for ${command}`)
      const known = new Set(options.flat())
      assert.deepEqual([...inReadme].filter((flag) => !known.has(flag)), [], `${command}: in the README but not an option`)
      assert.deepEqual(options.filter((spellings) => !spellings.some((s) => inReadme.has(s))).map((s) => s.join(', ')), [],
        `${command}: options the README does not name`)
    })
  }
})
