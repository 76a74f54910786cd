// jsonc-parser, imported from its ES module build: the package's default (UMD) build hands `require` to a
// factory function, which esbuild cannot follow, so dist/server.js would fail with "Cannot find module
// './impl/format'". The ESM build bundles and runs under tsx alike.

export {
  findNodeAtLocation, findNodeAtOffset, getLocation, getNodePath, parseTree, printParseErrorCode,
  type Node, type ParseError,
} from 'jsonc-parser/lib/esm/main.js';
