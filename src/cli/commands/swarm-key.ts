// `peertrace swarm-key FILE`: writes a new pre-shared key for a private overlay (never overwrites a file).

import type { Command } from 'commander'

export function swarmKeyCommand (program: Command): void {
  program.command('swarm-key')
    .description('write a new private-overlay key to <file>; give it to every node and client with --swarm-key')
    .argument('<file>', 'where to write the key (must not exist)')
    .action(async (file: string) => {
      const { writeSwarmKey } = await import('../../node/identity/swarm-key.js')
      await writeSwarmKey(file)
      process.stdout.write(`wrote a new swarm key to ${file} (keep it secret: whoever holds it can join)\n`)
    })
}
