// The operating system's errors (errno codes) as the short reasons an operator reads in a one-line message.

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it exists already',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'no such address on this machine'
}

/** The errno code of a Node system error, if it has one. */
export function errnoOf (err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined
}

/** `no such file or directory (ENOENT)`; the first line of the message for an error without a known code. */
export function systemErrorReason (err: unknown): string {
  const code = errnoOf(err)
  const reason = code === undefined ? undefined : REASONS[code]
  if (reason !== undefined) return `${reason} (${String(code)})`
  const text = (err as { message?: unknown } | undefined)?.message
  const message = (typeof text === 'string' ? text : String(err)).split('\n')[0].trim()
  return code === undefined || message.includes(code) ? message : `${message} (${code})`
}
