// Nothing a test, the demo or a benchmark runs looks up a name on the host's resolver: every peertrace process
// they start (and the CLI code they run in-process) reads PEERTRACE_NUMERIC=1 and does no reverse DNS, since an
// emulated network's addresses must never reach a resolver outside it. Imported first by the harness, so that
// anything using the harness has it set before it starts a process.

process.env.PEERTRACE_NUMERIC = '1'

/**
 * The environment of a process that is to resolve names: only for one run inside a namespace whose resolver
 * (/etc/netns/NS/hosts and resolv.conf) the test wrote and controls.
 */
export function resolvingEnvironment (): NodeJS.ProcessEnv {
  return { ...process.env, PEERTRACE_NUMERIC: '0' }
}
