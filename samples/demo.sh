#!/usr/bin/env bash
# ConvexAuthKit end to end, on a fresh machine, with no Convex or WorkOS account:
#   1. packs the real ConvexAuthKit package,
#   2. starts the bundled emulator of the Convex and WorkOS APIs on 127.0.0.1,
#   3. builds samples/ReactAspNetCore (a copy, under artifacts/demo) with `dotnet build`,
#   4. shows the .env.local and the deployment variables the build produced, then builds again (a no-op).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/demo"
version="0.1.0-demo.$(date +%s)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The demo switches ConvexAuthKit on explicitly, so it also runs where CI variables are set.
unset CONVEX_DEPLOYMENT CONVEX_DEPLOY_KEY CONVEX_OVERRIDE_ACCESS_TOKEN CONVEX_SELF_HOSTED_URL

rm -rf "$work"
mkdir -p "$work/feed" "$work/home"

echo "== 1. Packing ConvexAuthKit $version"
dotnet pack "$root/src/ConvexAuthKit.Tasks/ConvexAuthKit.Tasks.csproj" -c Release -o "$work/feed" \
  -p:Version="$version" -nodeReuse:false -v:q -nologo

echo "== 2. Starting the emulator"
dotnet build "$root/src/ConvexAuthKit.Emulator/ConvexAuthKit.Emulator.csproj" -c Release -v:q -nologo -nodeReuse:false
emulator=(dotnet "$root/src/ConvexAuthKit.Emulator/bin/Release/net10.0/ConvexAuthKit.Emulator.dll")
"${emulator[@]}" --ready-file "$work/emulator.json" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
trap 'kill -TERM "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$work/emulator.json" ] && break; sleep 0.1; done
[ -s "$work/emulator.json" ] || { echo "emulator did not start:"; cat "$work/emulator.log"; exit 1; }
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$work/emulator.json"; }
provision_host="$(field provisionHost)"
workos_url="$(field workosApiUrl)"
access_token="$(field accessToken)"
port="${provision_host##*:}"
echo "   Convex management API (emulated): $provision_host"
echo "   WorkOS API (emulated):            $workos_url"

# What `npx convex login` writes; with CONVEX_PROVISION_HOST set, the CLI (and ConvexAuthKit) read ~/.convex-test-<port>.
mkdir -p "$work/home/.convex-test-$port"
printf '{"accessToken":"%s"}\n' "$access_token" > "$work/home/.convex-test-$port/config.json"

cp -R "$root/samples/ReactAspNetCore" "$work/ReactAspNetCore"
cp "$root/samples/Directory.Build.props" "$work/Directory.Build.props"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="convexauthkit-demo" value="$work/feed" />
  </packageSources>
</configuration>
XML

build() {
  HOME="$work/home" NUGET_PACKAGES="$work/nuget-packages" CONVEX_PROVISION_HOST="$provision_host" \
    dotnet build "$work/ReactAspNetCore/ReactAspNetCore.csproj" -nodeReuse:false -nologo -v:m \
      -p:ConvexAuthKitSampleVersion="$version" -p:ConvexAuthKitWorkOSApiUrl="$workos_url" -p:ConvexAuthKitEnabled=true
}

echo "== 3. dotnet build samples/ReactAspNetCore"
build

echo "== 4. ClientApp/.env.local after the build"
echo "-----"
cat "$work/ReactAspNetCore/ClientApp/.env.local"
echo "-----"
echo "   Deployment variables and WorkOS registrations now held by the emulator:"
"${emulator[@]}" --show-state "$provision_host"

echo "== 5. dotnet build again (nothing changed: no request is sent)"
"${emulator[@]}" --count-requests "$provision_host" --reset > /dev/null
build
"${emulator[@]}" --count-requests "$provision_host"
echo "Demo finished. Files are in $work"
