// Lets a mocha suite that needs namespaces skip itself, saying why, where they cannot be made (not root, no `ip`).

import { spawnSync } from 'node:child_process'

let missing: string | null | undefined

/** Why emulated-network labs cannot be built here, or null when they can. Checked once per process. */
export function labPrerequisiteMissing (): string | null {
  if (missing !== undefined) return missing
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    missing = 'network namespaces need root (run the tests as root, e.g. in the CI container)'
  } else if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) {
    missing = 'the `ip` command (iproute2) is not installed'
  } else {
    missing = null
  }
  return missing
}

/** Call from a suite's `before` hook (`before(function () { requireRoot(this) })`): skips the whole suite. */
export function requireRoot (ctx: Mocha.Context): void {
  const reason = labPrerequisiteMissing()
  if (reason === null) return
  // The skip is the point of this helper, so it speaks on the console even though library code otherwise logs.
  const suite = ctx.test?.parent?.fullTitle() ?? 'suite'
  console.log(`      skipping "${suite}": ${reason}`)
  ctx.skip()
}
