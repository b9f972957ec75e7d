# shellcheck shell=bash
# Sourced by the project's scripts: puts a Node >= 22 first on PATH. The machine's own Node is used
# when it is new enough; otherwise Node 24 is installed once from the npm registry's `node` package
# (real Node binaries) into a cache outside the repo.
PBS_NODE_MIN_MAJOR=22
PBS_NODE_VERSION_SPEC=${PBS_NODE_VERSION_SPEC:-node@24}
PBS_NODE_CACHE=${PBS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/probuilder-setup-node/24}

pbs_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

pbs_ensure_node() {
  if [ "$(pbs_node_major)" -ge "$PBS_NODE_MIN_MAJOR" ]; then return 0; fi
  local bin="$PBS_NODE_CACHE/node_modules/.bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt "$PBS_NODE_MIN_MAJOR" ]; then
    command -v npm >/dev/null 2>&1 || { echo "error: Node >= $PBS_NODE_MIN_MAJOR is needed and npm is missing to fetch it" >&2; return 1; }
    echo "Node $(node --version 2>/dev/null || echo none) is older than $PBS_NODE_MIN_MAJOR: installing $PBS_NODE_VERSION_SPEC into $PBS_NODE_CACHE" >&2
    mkdir -p "$PBS_NODE_CACHE"
    npm install --prefix "$PBS_NODE_CACHE" --no-audit --no-fund --loglevel=error "$PBS_NODE_VERSION_SPEC" >&2
  fi
  export PATH="$bin:$PATH"
  echo "using node $(node --version) from $bin" >&2
}

# Installs exactly what package-lock.json pins, only when it changed since the last install.
# `npm install` rather than `npm ci`: npm 11 here writes lock files without the other platforms'
# optional packages (rollup's native builds), which `npm ci` then rejects as out of sync; with a
# lock present `npm install` installs the same versions and leaves the lock untouched.
pbs_ensure_deps() {
  local stamp=node_modules/.pbs-lock-stamp
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then return 0; fi
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
}
