// Defaults and limits of the emulated-WAN harness, named so no number hides inline.

/** Every namespace name starts with this, then `<pid>x<random>-<node>`; the sweep recognises stale labs by it. */
export const NAMESPACE_PREFIX = 'pt'

/** Matches a lab id and captures the pid that created it (for the stale-namespace sweep). */
export const LAB_ID_PATTERN = /^pt(\d+)x([0-9a-f]+)-/

/** Random bytes in a lab id: enough that two labs of one process never collide. */
export const LAB_ID_RANDOM_BYTES = 4

/** Lab.exec() kills the command after this long unless told otherwise. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000

/** A single setup step (one `ip -batch`, one sysctl script) may take this long before the build fails. */
export const SETUP_STEP_TIMEOUT_MS = 30_000
/**
 * Labs one process builds at once; the others wait (a build takes a third of a second idle). A lab runs its nodes'
 * setup steps side by side, each an `ip` process (and those take the kernel's one routing lock in turn): the
 * generated-network test, starting six seeds' labs (four or five each) together beside the suite, ran a few hundred
 * of them at once, and one `ip -batch` did not end within SETUP_STEP_TIMEOUT_MS (session 21, seed 1's lab).
 */
export const LAB_BUILDS_AT_ONCE = 2

/**
 * How long a build waits for the kernel to bring its links up, all namespaces at once (readiness.ts). A harness
 * bound, not a claim: idle, the links are up by the first check, within milliseconds; with 4 busy loops and 30 labs
 * built at once in one process one check took up to 15 s. Below mocha's 120 s test timeout, so a build that never gets there fails
 * with this message (which namespaces, which devices, what is missing), not mocha's.
 */
export const LINKS_READY_TIMEOUT_MS = 90_000

/** destroy() waits this long for spawned processes to exit after SIGTERM before it sends SIGKILL. */
export const KILL_GRACE_MS = 2_000

/** Node names end up in namespace names and error messages: keep them short and shell-safe. */
export const NODE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/

/** The hop a silent router leaves in a ground-truth path, as traceroute prints it. */
export const SILENT_HOP = '*'

/**
 * The traceroute flag for each family's error on an `unreachable` route, checked with `traceroute -n` inside a lab
 * (kernel 6.18): IPv4 answers ICMP destination unreachable code 1 (host unreachable), printed '!H'; IPv6 answers
 * ICMPv6 destination unreachable code 0 (no route to destination), printed '!N'.
 */
export const UNREACHABLE_FLAG: Readonly<Record<4 | 6, string>> = { 4: '!H', 6: '!N' }

/** The trace options the truth assumes when a test gives none: the engine contract's defaults. */
export const DEFAULT_TRUTH_FIRST_HOP = 1
export const DEFAULT_TRUTH_MAX_HOPS = 30
export const DEFAULT_TRUTH_GAP_LIMIT = 5
