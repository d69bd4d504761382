#!/usr/bin/env bash
# Makes TorchSharp-cpu's native shim loadable: it needs GLIBCXX_3.4.32 (libstdc++ of GCC 13+).
# Debian 12 ships 3.4.30, so on Debian 12 we take libstdc++6 from Debian 13 through an extra apt
# source file, pinned low so that nothing else is upgraded from it. debian.sources is never touched.
# Does nothing (in well under a second) where the symbol version is already present.
set -euo pipefail

want=GLIBCXX_3.4.32
sources=/etc/apt/sources.list.d/kdegan-trixie.sources
pin=/etc/apt/preferences.d/kdegan-trixie

find_libstdcxx() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}'
}

has_symbol() {
  local lib
  lib=$(find_libstdcxx)
  [ -n "$lib" ] && grep -aq "$want" "$lib"
}

if has_symbol; then
  echo "setup-native: $(find_libstdcxx) provides $want; nothing to do."
  exit 0
fi

. /etc/os-release
if [ "${ID:-}" != "debian" ] || [ "${VERSION_ID:-}" != "12" ]; then
  echo "setup-native: $(find_libstdcxx) lacks $want and this is ${PRETTY_NAME:-an unknown system}." >&2
  echo "Install libstdc++6 from GCC 13 or newer with your package manager (Ubuntu 24.04 has it)." >&2
  exit 1
fi

cmd="apt-get update && apt-get install -y -t trixie libstdc++6"
if [ "$(id -u)" != 0 ]; then
  echo "setup-native: libstdc++ lacks $want. As root, run:" >&2
  echo "  sudo bash $(realpath "$0")" >&2
  echo "(it writes $sources and $pin, then runs: $cmd)" >&2
  exit 1
fi

echo "setup-native: installing libstdc++6 from Debian 13 (trixie) via $sources"
cat > "$sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat > "$pin" <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t trixie libstdc++6 >/dev/null
if has_symbol; then
  echo "setup-native: $(find_libstdcxx) now provides $want."
else
  echo "setup-native: installed libstdc++6 from trixie but $want is still missing." >&2
  exit 1
fi
