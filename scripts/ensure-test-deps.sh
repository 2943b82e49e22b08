#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages: PostgreSQL server binaries (the tests start
# their own throwaway cluster), Chromium (browser tests) and haproxy (the several-servers test).
# Idempotent and silent when all is present.
set -euo pipefail

# Prints the directory holding initdb, pg_ctl and postgres: PATH first, then the newest Debian install.
# Links on PATH are resolved so that the directory is the real one, next to pg_config.
find_pg_bindir() {
  local initdb_path dir
  if initdb_path="$(command -v initdb)"; then
    dir="$(dirname "$(readlink -f "$initdb_path")")"
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      echo "$dir"
      return 0
    fi
  fi
  # Version directories sort numerically, newest first, so 15 wins over 9.6.
  for dir in $(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# `command -v` also reports files that are not executable, hence the explicit -x test.
has_chromium() {
  local found
  found="$(command -v chromium 2>/dev/null)" || true
  [[ -n "$found" && -f "$found" && -x "$found" ]] || [[ -f /usr/bin/chromium && -x /usr/bin/chromium ]]
}

# Extensions the schema may use ship in postgresql-contrib on older Debian releases; newer server
# packages include them, so the extra package is installed only when they are absent.
has_contrib() {
  local bindir="$1" sharedir
  sharedir="$("$bindir/pg_config" --sharedir 2>/dev/null)" || sharedir=""
  if [[ -z "$sharedir" ]]; then
    sharedir="/usr/share/postgresql/$(basename "$(dirname "$bindir")")"
  fi
  [[ -f "$sharedir/extension/pgcrypto.control" ]]
}

missing=()
pg_bindir="$(find_pg_bindir || true)"
if [[ -z "$pg_bindir" ]]; then
  missing+=(postgresql)
elif ! has_contrib "$pg_bindir"; then
  missing+=(postgresql-contrib)
fi
if ! has_chromium; then
  missing+=(chromium)
fi
# haproxy is the load balancer the several-servers test and bench start in front of three SOS servers.
if ! command -v haproxy >/dev/null 2>&1 && [[ ! -x /usr/sbin/haproxy ]]; then
  missing+=(haproxy)
fi
# pdftoppm turns the weekly reports' PDFs into PNG pages that the tests save for people to look at.
if ! command -v pdftoppm >/dev/null 2>&1; then
  missing+=(poppler-utils)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "ensure-test-deps: missing ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
fi

echo "ensure-test-deps: installing ${missing[*]} with apt-get"

# The tests start their own cluster; keep the package scripts from starting the system service.
# policy-rc.d is the Debian hook for that; an existing one is left as it is.
created_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${as_root[@]}" chmod 755 /usr/sbin/policy-rc.d
  created_policy="yes"
fi
remove_policy() {
  if [[ -n "$created_policy" ]]; then
    "${as_root[@]}" rm -f /usr/sbin/policy-rc.d
  fi
}
trap remove_policy EXIT

apt_env=(env DEBIAN_FRONTEND=noninteractive)
"${as_root[@]}" "${apt_env[@]}" apt-get update -qq
"${as_root[@]}" "${apt_env[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null

if ! find_pg_bindir >/dev/null; then
  echo "ensure-test-deps: postgresql is installed but initdb/pg_ctl/postgres were not found" >&2
  exit 1
fi
if ! has_chromium; then
  echo "ensure-test-deps: chromium is installed but /usr/bin/chromium was not found" >&2
  exit 1
fi
if ! command -v haproxy >/dev/null 2>&1 && [[ ! -x /usr/sbin/haproxy ]]; then
  echo "ensure-test-deps: haproxy is installed but was not found" >&2
  exit 1
fi
echo "ensure-test-deps: installed ${missing[*]}"
