#!/usr/bin/env bash
# Installs the Debian packages peertrace's demo, tests and benchmarks use (network namespaces, iptables, the
# reference traceroute tools; with --browser also Chromium, for the web view's browser tests). Does nothing when
# they are all present; needs root and apt otherwise.
set -euo pipefail

packages=(iproute2 iptables traceroute mtr-tiny scamper iputils-ping procps)
commands=(ip iptables traceroute mtr scamper ping pkill)
if [ "${1:-}" = "--browser" ]; then
  packages+=(chromium)
  commands+=(chromium)
fi

missing=0
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing=1
done
[ "$missing" = 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "peertrace: missing system tools (${packages[*]}); run as root so they can be installed with apt-get" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "peertrace: missing system tools and no apt-get here: install ${packages[*]} by hand" >&2
  exit 0
fi
echo "peertrace: installing ${packages[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
