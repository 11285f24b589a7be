// The page's files (index.html, the esbuild bundle, the style sheet, the icon), built by `npm run build:web` into
// dist/src/web/assets/ next to this server, read once at start and served from memory: a handful of small files,
// and nothing on disk is reachable by a request path.

import { readdir, readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { logger } from '@libp2p/logger'

const log = logger('peertrace:web:static')

/** Where `npm run build:web` writes the page: dist/src/web/server/ -> dist/src/web/assets/. */
const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url))

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8'
}

export interface StaticFile {
  body: Buffer
  contentType: string
}

export class StaticFiles {
  private readonly files: Map<string, StaticFile>

  private constructor (files: Map<string, StaticFile>) {
    this.files = files
  }

  /** The files of `dir` with a known type; none if it does not exist (the page is not built: the API still works). */
  static async load (dir = ASSETS_DIR): Promise<StaticFiles> {
    const files = new Map<string, StaticFile>()
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (err) {
      log('no page assets in %s: %s', dir, (err as Error).message)
      return new StaticFiles(files)
    }
    for (const name of names) {
      const contentType = CONTENT_TYPES[extname(name)]
      if (contentType !== undefined) files.set(name, { body: await readFile(join(dir, name)), contentType })
    }
    return new StaticFiles(files)
  }

  /** A file by its bare name (`app.js`); never a path. */
  get (name: string): StaticFile | undefined {
    return this.files.get(name)
  }
}
