#!/usr/bin/env bash
# Installs every real part the stack and the tests need, once per user, into the cache folder.
# Idempotent: a warm cache makes this a few checks. Set SHUANGCHA_CACHE to move the cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cache="${SHUANGCHA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shuangcha}"
bin="$cache/bin"
mkdir -p "$bin"
say() { printf '[provision] %s\n' "$*" >&2; }

temporal_version="v1.5.1"  # later CLI versions carry a go.mod replace directive, which `go install` refuses
if [[ ! -x "$bin/temporal" || "$(cat "$bin/.temporal-version" 2>/dev/null)" != "$temporal_version" ]]; then
  command -v go >/dev/null || { say "Go toolchain not found: it is needed to build the Temporal dev server"; exit 1; }
  say "building Temporal CLI $temporal_version with Go (several minutes the first time)"
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$temporal_version"
  echo "$temporal_version" > "$bin/.temporal-version"
fi

# SeaweedFS serves the S3 API the attachment store's tests run against (issue 13). Its release tags are not
# semver, so Go knows 4.53 only by this pseudo-version; and its go.mod carries a replace directive, which
# `go install` refuses: so build it inside a writable copy of the module, where the replace applies.
weed_version="v0.0.0-20261109003541-7506e5f91cd6"  # SeaweedFS 4.53
if [[ ! -x "$bin/weed" || "$(cat "$bin/.weed-version" 2>/dev/null)" != "$weed_version" ]]; then
  command -v go >/dev/null || { say "Go toolchain not found: it is needed to build SeaweedFS"; exit 1; }
  say "building SeaweedFS weed $weed_version with Go (several minutes the first time)"
  weed_module="$(GOFLAGS=-mod=mod go mod download -json "github.com/seaweedfs/seaweedfs@$weed_version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$weed_module" ]] || { say "go mod download gave no source folder for SeaweedFS"; exit 1; }
  weed_build="$(mktemp -d)"
  cp -R "$weed_module/." "$weed_build/"
  chmod -R u+w "$weed_build"
  (cd "$weed_build" && go build -o "$bin/weed" ./weed)
  rm -rf "$weed_build"
  echo "$weed_version" > "$bin/.weed-version"
fi

# The Temporal server itself, for the cluster mode (infra/temporal/, `npm run dev:cluster`): the version the
# CLI above pins. Its go.mod has no replace directive, so `go install` builds it straight from the module.
temporal_server_version="v1.29.1"
if [[ ! -x "$bin/temporal-server" || ! -x "$bin/temporal-sql-tool" || "$(cat "$bin/.temporal-server-version" 2>/dev/null)" != "$temporal_server_version" ]]; then
  command -v go >/dev/null || { say "Go toolchain not found: it is needed to build the Temporal server"; exit 1; }
  say "building Temporal server $temporal_server_version and its SQL schema tool with Go (several minutes the first time)"
  gobin="$(mktemp -d)"
  GOBIN="$gobin" go install "go.temporal.io/server/cmd/server@$temporal_server_version" \
    "go.temporal.io/server/cmd/tools/sql@$temporal_server_version"
  mv "$gobin/server" "$bin/temporal-server"
  mv "$gobin/sql" "$bin/temporal-sql-tool"
  rmdir "$gobin"
  echo "$temporal_server_version" > "$bin/.temporal-server-version"
fi

test_server_version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$here/test-server/pom.xml" | tail -1)"
lib="$cache/test-server/lib"
if [[ ! -f "$lib/temporal-test-server-$test_server_version.jar" ]]; then
  command -v mvn >/dev/null || { say "Maven not found: it is needed to fetch the Temporal test server"; exit 1; }
  say "fetching Temporal time-skipping test server $test_server_version"
  rm -rf "$lib"
  (cd "$here/test-server" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib")
fi
cat > "$bin/temporal-test-server" <<LAUNCHER
#!/usr/bin/env bash
# Called by @temporalio/testing as: <path> <port> [extra args]
exec java -Xss4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$lib/*" io.temporal.testserver.TestServer "\$1" --enable-time-skipping
LAUNCHER
chmod +x "$bin/temporal-test-server"

if [[ ! -d "$root/node_modules/@temporalio/worker" ]] || ! node "$here/installed-matches-lock.cjs" "$root"; then
  say "installing npm dependencies from package-lock.json"
  (cd "$root" && npm ci --no-audit --no-fund)
fi

# The console is its own package with its own lock (apps/console/README.md): React and Vite stay out of
# the root node_modules.
console="$root/apps/console"
if [[ ! -d "$console/node_modules/vite" ]] || ! node "$here/installed-matches-lock.cjs" "$console"; then
  say "installing the console's npm dependencies from apps/console/package-lock.json"
  (cd "$console" && npm ci --no-audit --no-fund)
fi

# The browser tier drives Debian's chromium; without a CJK font its screenshots draw Chinese as boxes.
if [[ ! -x /usr/bin/chromium || ! -d /usr/share/fonts/opentype/noto ]]; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    say "installing chromium and fonts-noto-cjk with apt-get (browser tests)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk
  else
    say "chromium or fonts-noto-cjk is missing: run 'sudo apt-get install -y chromium fonts-noto-cjk' (the browser tier needs /usr/bin/chromium)"
  fi
fi

# The API fuzz run (test/fuzz/run-fuzz.ts); keep the pin in step with SCHEMATHESIS_VERSION there.
schemathesis_version="4.32.5"
venv="$cache/venv"
if [[ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]]; then
  command -v python3 >/dev/null || { say "python3 not found: it is needed for the schemathesis API fuzz run"; exit 1; }
  say "installing schemathesis $schemathesis_version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

# The Kubernetes manifest check (infra/k8s/validate.ts): the API schemas of each Kubernetes version ship
# inside this package, so no schema is fetched at test time.
kubernetes_validate_version="1.34.1"
if [[ "$("$venv/bin/kubernetes-validate" --version 2>/dev/null)" != *"$kubernetes_validate_version"* ]]; then
  say "installing kubernetes-validate $kubernetes_validate_version into $venv"
  [[ -x "$venv/bin/pip" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "kubernetes-validate==$kubernetes_validate_version"
fi

say "ready (cache: $cache)"
