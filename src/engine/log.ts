// The engine's debug log: @libp2p/logger's scopes (DEBUG=peertrace:*), loaded only when DEBUG is set at all, so a
// one-shot `peertrace probe` does not spend ~40 ms of its start-up loading a logger it never writes to.

export interface EngineLog {
  (formatter: string, ...args: unknown[]): void
  error: (formatter: string, ...args: unknown[]) => void
  enabled: boolean
}

const silent: EngineLog = Object.assign(() => {}, { error: () => {}, enabled: false })

export async function engineLog (name: string): Promise<EngineLog> {
  if ((process.env.DEBUG ?? '') === '') return silent
  const { logger } = await import('@libp2p/logger')
  return logger(name)
}
