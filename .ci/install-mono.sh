#!/usr/bin/env bash
# Mono for the Visual Studio engine tests (tests/ConvexAuthKit.PackageTests/VisualStudio): they run the .NET Framework
# MSBuild engine and the package's tasks/net472 build on Linux. Debian/Ubuntu, as root. Idempotent: when everything is
# in place it only checks and returns.
#
# What is installed: mono-runtime and the few class libraries MSBuild and the task load. The netstandard facade
# (which every netstandard2.0 assembly references) ships only in mono-devel, over 100 MB installed: instead, that
# package is downloaded and only its Facades/ folder is unpacked into a cache folder, which the tests put on MONO_PATH.
set -euo pipefail

packages=(
  mono-runtime libmono-corlib4.5-cil libmono-system4.0-cil libmono-system-core4.0-cil libmono-system-xml4.0-cil
  libmono-system-xml-linq4.0-cil libmono-system-net-http4.0-cil libmono-system-configuration4.0-cil
  libmono-system-runtime-serialization4.0-cil libmono-system-io-compression4.0-cil libmono-system-numerics4.0-cil
  libmono-system-xaml4.0-cil
)
facades="${CONVEXAUTHKIT_MONO_FACADES:-${XDG_CACHE_HOME:-$HOME/.cache}/convexauthkit/mono-facades}"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

updated=0
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-mono: installing ${missing[*]}"
  apt-get update -qq
  updated=1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The facades must come from the same Mono version as the runtime.
version="$(dpkg-query -W -f='${Version}' mono-runtime)"
if [ "$(cat "$facades/.version" 2>/dev/null || true)" != "$version" ] || [ ! -f "$facades/netstandard.dll" ]; then
  echo "install-mono: unpacking the Facades of mono-devel $version into $facades"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"   # apt's download user must be able to write there
  [ "$updated" = 1 ] || apt-get update -qq
  if ! (cd "$work" && apt-get download -qq "mono-devel=$version" 2>/dev/null); then
    # The archive moved on since the runtime was installed: take the runtime to the archive's version too.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --only-upgrade "${packages[@]}" >/dev/null
    version="$(dpkg-query -W -f='${Version}' mono-runtime)"
    (cd "$work" && apt-get download -qq "mono-devel=$version")
  fi
  dpkg -x "$work"/mono-devel_*.deb "$work/x"
  rm -rf "$facades"
  mkdir -p "$facades"
  cp "$work"/x/usr/lib/mono/4.5/Facades/*.dll "$facades/"
  echo "$version" > "$facades/.version"
fi

echo "install-mono: $(mono --version | head -n 1); facades in $facades"
