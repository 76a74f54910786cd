#!/usr/bin/env bash
# Adapted from /work/shared/recipes/vscode-e2e/setup.sh (the proven code-server 4.99.4 + chromium recipe).
# Idempotent setup for running VS Code extension tests in a real VS Code (code-server)
# on a headless Debian machine that reaches only the npm registry and Debian apt.
# Safe to rerun: every step checks first and skips what is already there.
#
#   VSCODE_E2E_CACHE   where code-server goes (default ${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e)
#   CODE_SERVER_VERSION  default 4.99.4 (= VS Code 1.99; the last line that installs on node 20)
set -euo pipefail

CS_VERSION="${CODE_SERVER_VERSION:-4.99.4}"
CACHE="${VSCODE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
DEB_PKGS=(chromium ripgrep build-essential python3 libkrb5-dev curl)
T0=$SECONDS
log() { printf '[setup %4ss] %s\n' "$((SECONDS - T0))" "$*"; }

# ---- 1. Debian packages ------------------------------------------------------
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
    echo "Install them as root, then rerun:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${DEB_PKGS[*]}" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  log "Debian packages installed"
else
  log "Debian packages present: ${DEB_PKGS[*]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "setup.sh: code-server $CS_VERSION requires node 20 (found $(node -v))" >&2
  exit 1
fi

# ---- 2. code-server via npm into the cache -----------------------------------
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
if [ -f "$CS_DIR/.complete" ] && [ -x "$CS_BIN" ]; then
  log "code-server $CS_VERSION already installed in $CS_DIR"
else
  log "installing code-server $CS_VERSION into $CS_DIR"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR/tmp"
  cd "$CS_DIR"
  printf '{ "name": "vscode-e2e-code-server", "private": true }\n' > package.json
  # os.tmpdir() of every install script (and of @vscode/ripgrep's download cache) is here:
  export TMPDIR="$CS_DIR/tmp"
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_yes=true npm_config_audit=false npm_config_fund=false
  # node-gyp must build against the local node headers (it cannot download them here).
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

  # 2a. fetch the package tree without running install scripts
  npm install --ignore-scripts --no-save "code-server@$CS_VERSION" >"$CS_DIR/npm-fetch.log" 2>&1 \
    || { tail -30 "$CS_DIR/npm-fetch.log"; exit 1; }
  log "fetched code-server package tree"

  # 2b. pre-seed @vscode/ripgrep's download cache with Debian's rg
  #     (its postinstall downloads from GitHub, which is unreachable here)
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) echo "setup.sh: unsupported arch $(uname -m)" >&2; exit 1 ;;
  esac
  rg_versions=$(node -e '
    const fs = require("fs"), out = new Set();
    for (const f of process.argv.slice(1)) {
      if (!fs.existsSync(f)) continue;
      const pk = JSON.parse(fs.readFileSync(f, "utf8")).packages || {};
      for (const [k, v] of Object.entries(pk)) if (k.endsWith("node_modules/@vscode/ripgrep")) out.add(v.version);
    }
    console.log([...out].join(" "));
  ' node_modules/code-server/lib/vscode/npm-shrinkwrap.json node_modules/code-server/lib/vscode/extensions/npm-shrinkwrap.json)
  for v in $rg_versions; do
    (cd "$TMPDIR" && npm pack --silent "@vscode/ripgrep@$v" >/dev/null)
    tag=$(tar xzf "$TMPDIR/vscode-ripgrep-$v.tgz" -O package/lib/postinstall.js | sed -n "s/^const VERSION = '\([^']*\)'.*/\1/p")
    [ -n "$tag" ] || { echo "setup.sh: could not read ripgrep tag from @vscode/ripgrep@$v" >&2; exit 1; }
    seed="$TMPDIR/vscode-ripgrep-cache-$v"
    mkdir -p "$seed/rg-bin"
    cp "$(command -v rg)" "$seed/rg-bin/rg"
    tar czf "$seed/ripgrep-$tag-$rg_target.tar.gz" -C "$seed/rg-bin" rg
    rm -rf "$seed/rg-bin" "$TMPDIR/vscode-ripgrep-$v.tgz"
    log "seeded @vscode/ripgrep@$v cache: ripgrep-$tag-$rg_target.tar.gz (Debian rg)"
  done

  # 2c. run the install scripts (code-server's postinstall installs VS Code's deps + native modules)
  log "running install scripts (native modules; takes a few minutes)"
  npm rebuild --unsafe-perm --foreground-scripts >"$CS_DIR/npm-install.log" 2>&1 \
    || { tail -40 "$CS_DIR/npm-install.log"; echo "setup.sh: install failed, full log: $CS_DIR/npm-install.log" >&2; exit 1; }
  [ -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg ] \
    || { echo "setup.sh: ripgrep binary missing after install" >&2; exit 1; }
  "$CS_BIN" --version >/dev/null
  touch "$CS_DIR/.complete"
  log "code-server installed ($(du -sh "$CS_DIR" | cut -f1))"
fi

log "code-server: $CS_BIN ($("$CS_BIN" --version 2>/dev/null | head -1))"
log "chromium:    $(command -v chromium) ($(chromium --version 2>/dev/null | head -1))"
log "done in $((SECONDS - T0))s"
