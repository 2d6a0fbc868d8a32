# Shared by scripts/run, scripts/test, scripts/stop and scripts/clock. Source it; don't run it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${XIANFU_BUILD_DIR:-$ROOT/build}
SERVICES=(personnel document meeting supervision)
declare -A PORTS=([gateway]=7100 [personnel]=7101 [document]=7102 [meeting]=7103 [supervision]=7104)
declare -A METRICS_PORTS=([gateway]=9100 [personnel]=9101 [document]=9102 [meeting]=9103 [supervision]=9104)
START_TIME=$(date +%s)

step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - START_TIME ))" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libmysqlcppconn-dev libjwt-dev libssl-dev
  prometheus-cpp-dev libevent-dev nlohmann-json3-dev libspdlog-dev
  libgtest-dev libgmock-dev libjemalloc-dev
  mariadb-server mariadb-client openssl curl
)

install_packages() {
  step "Checking system packages"
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
  if [ ${#missing[@]} -eq 0 ]; then info "all present"; return; fi
  info "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || die "apt-get update failed"
  # No service start: MariaDB runs privately under the project, never as a system service.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >"$ROOT/.apt-install.log" 2>&1 || { tail -20 "$ROOT/.apt-install.log"; die "apt-get install failed (log: .apt-install.log)"; }
  rm -f "$ROOT/.apt-install.log"
}

install_node_tools() {
  step "Checking npm tools (buf)"
  if [ -x "$ROOT/node_modules/.bin/buf" ]; then info "present"; return; fi
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
}

build() {
  step "Building (cmake + ninja, $(nproc) cores) in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja >"$BUILD_DIR.configure.log" 2>&1 \
    || { tail -30 "$BUILD_DIR.configure.log"; die "cmake configure failed (log: $BUILD_DIR.configure.log)"; }
  rm -f "$BUILD_DIR.configure.log"
  # Ninja prints one line per step: progress with [n/total].
  cmake --build "$BUILD_DIR" -j "$(nproc)" || die "build failed"
}

# --- MariaDB, private to the project: data under $1, bound to 127.0.0.1 only -------------------
mariadb_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --auth-root-authentication-method=normal --skip-test-db \
      --datadir="$dir/data" --user=root >"$dir/install.log" 2>&1 \
      || { cat "$dir/install.log"; die "mariadb-install-db failed"; }
  fi
  # --no-defaults ignores /etc/mysql, so charset and collation are explicit (else latin1).
  (ulimit -n 4096 2>/dev/null || true
   nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --socket="$dir/mysqld.sock" \
     --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" \
     --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --skip-name-resolve \
     --log-error="$dir/error.log" --skip-log-bin --innodb-buffer-pool-size="${XIANFU_DB_BUFFER_POOL:-256M}" \
     --max-connections=500 >/dev/null 2>&1 &)
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  tail -20 "$dir/error.log" >&2 || true
  die "MariaDB did not start on 127.0.0.1:$port (log: $dir/error.log)"
}

mariadb_stop() {
  local dir=$1
  [ -f "$dir/mysqld.pid" ] || return 0
  local pid; pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

mariadb_root() { mariadb --no-defaults --socket="$1/mysqld.sock" -uroot "${@:2}"; }

random_secret() { head -c 48 /dev/urandom | base64 -w0 | tr -d "/+=" | head -c 40; }

# Creates, once, the database and the two users (migrating, running) of each service.
provision_databases() {
  local dir=$1 secrets=$2
  mkdir -p "$secrets"; chmod 700 "$secrets"
  for svc in "${SERVICES[@]}"; do
    for role in migrate app; do
      [ -f "$secrets/$svc-$role.password" ] || random_secret >"$secrets/$svc-$role.password"
    done
    local mpw apw; mpw=$(cat "$secrets/$svc-migrate.password"); apw=$(cat "$secrets/$svc-app.password")
    mariadb_root "$dir" <<SQL || die "provisioning xianfu_$svc failed"
CREATE DATABASE IF NOT EXISTS xianfu_$svc CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'xianfu_${svc}_migrate'@'%' IDENTIFIED BY '$mpw';
ALTER USER 'xianfu_${svc}_migrate'@'%' IDENTIFIED BY '$mpw';
GRANT ALL PRIVILEGES ON xianfu_$svc.* TO 'xianfu_${svc}_migrate'@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'xianfu_${svc}_app'@'%' IDENTIFIED BY '$apw';
ALTER USER 'xianfu_${svc}_app'@'%' IDENTIFIED BY '$apw';
SQL
  done
  # Tests create their own databases and users through this account (over TCP).
  [ -f "$secrets/admin.password" ] || random_secret >"$secrets/admin.password"
  mariadb_root "$dir" <<SQL || die "provisioning the test administrator failed"
CREATE USER IF NOT EXISTS 'xianfu_admin'@'127.0.0.1' IDENTIFIED BY '$(cat "$secrets/admin.password")';
GRANT ALL PRIVILEGES ON *.* TO 'xianfu_admin'@'127.0.0.1' WITH GRANT OPTION;
SQL
}

# Development keys: an HS256 secret made on first use, never committed.
make_dev_auth() {
  local dir=$1
  mkdir -p "$dir"; chmod 700 "$dir"
  [ -f "$dir/hs256-dev.key" ] || random_secret >"$dir/hs256-dev.key"
  [ -f "$dir/audit.key" ] || random_secret >"$dir/audit.key"
  cat >"$dir/auth.json" <<JSON
{
  "issuer": "xianfu-dev",
  "audience": "xianfu",
  "keys": [{"kid": "dev-hs-1", "alg": "HS256", "secret_file": "hs256-dev.key"}],
  "trusted_clients": ["clients/oa-system"]
}
JSON
}

mint() { "$BUILD_DIR/common/xianfu-token" --auth_config="$1" --sub="$2" "${@:3}"; }
