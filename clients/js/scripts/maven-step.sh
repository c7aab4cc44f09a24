#!/bin/sh
# Run by the Maven build (gateway-app) for each step of the JavaScript client:
#   maven-step.sh build              npm ci, compile the client and the demo app
#   maven-step.sh demo <out>         lay the demo out in <out> for the jar
#   maven-step.sh test               the client's Node tests against the packaged jar
#   maven-step.sh test:browser       the demo's browser tests (Chromium)
# Node.js 20+ and npm come from the machine, never from a plugin. When one is missing (or Chromium, for
# the browser tests), the step says in one WARNING line what to install and is skipped, so that a machine
# with only a JDK still builds and runs every Java test; under CI=true a missing tool fails the build
# instead, so CI can never pass without running the client's tests.
step=$1
shift
chromium=${HUDDLE_CHROMIUM:-/usr/bin/chromium}

missing() {
  if [ "${CI:-}" = true ]; then
    echo "[ERROR] clients/js: $1" >&2
    exit 1
  fi
  echo "[WARNING] clients/js: $1; SKIPPED the client's '$step' step (the jar has no demo page and the client is untested)" >&2
  exit 0
}

command -v node >/dev/null 2>&1 || missing "Node.js 20 or newer is not on the PATH (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || missing "npm is not on the PATH (apt-get install npm)"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
[ "${major:-0}" -ge 20 ] 2>/dev/null || missing "Node.js 20 or newer is needed, this is $(node --version 2>/dev/null) (install a newer nodejs)"

set -e
case "$step" in
  build)
    npm ci --no-audit --no-fund
    npm run build
    ;;
  demo)
    # The demo needs the build above: skipped with it when node was missing, so nothing to lay out then.
    npm run demo:assemble -- "$1"
    ;;
  test)
    npm test
    ;;
  test:browser)
    [ -x "$chromium" ] || missing "the browser tests need Chromium at $chromium (apt-get install chromium, or set HUDDLE_CHROMIUM)"
    npm run test:browser
    ;;
  *)
    echo "usage: maven-step.sh build | demo <out> | test | test:browser" >&2
    exit 2
    ;;
esac
