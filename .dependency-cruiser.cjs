// The layering of src/ (docs/architecture.md), checked in CI by `npm run lint:deps`. Each folder may import only
// the folders below it: model and time are leaves, the engine builds on them, formats take plain model objects,
// and no two folders import each other, directly or round a longer cycle.

/** A folder under src/ and what it may import of ours besides itself: folders, or single files (`….ts`). */
const LAYERS = {
  model: [],
  time: [],
  engine: ['model', 'time'],
  // The requester's hop annotation: reverse DNS and the IP-to-ASN database, handed to the formats as model data.
  annotate: ['model', 'time'],
  format: ['model'],
  protocol: ['model', 'overlay'],
  overlay: ['model', 'time'],
  history: ['model', 'time', 'overlay', 'protocol'],
  node: ['model', 'time', 'engine', 'protocol', 'overlay', 'history'],
  // The browser page shares the form's bounds with the server (plain constants), nothing else of it.
  'web/page': ['model', 'format', 'web/server/constants.ts'],
  'web/server': ['model', 'time', 'engine', 'format', 'overlay', 'history', 'node', 'annotate'],
  cli: ['model', 'time', 'engine', 'format', 'protocol', 'overlay', 'history', 'node', 'web/server', 'annotate', 'polyfill.ts']
}

const paths = (names) => names.map((name) => name.endsWith('.ts') ? `^src/${name.replaceAll('.', '\\.')}$` : `^src/${name}/`)

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer.replace('/', '-')}`,
  comment: `src/${layer} imports only ${allowed.length === 0 ? 'nothing of ours' : allowed.map((a) => `src/${a}`).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: paths([layer, ...allowed]) }
}))

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-folder-cycles',
      comment: 'no two folders depend on each other, directly or round a longer cycle',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'engine-knows-no-libp2p',
      comment: 'the probe engine and the overlay run without libp2p (the overlay over its small transport interface)',
      severity: 'error',
      from: { path: '^src/(engine|model|overlay|format)/' },
      to: { path: '(^|/)node_modules/(libp2p|@libp2p|@chainsafe)/' }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] }
  }
}
