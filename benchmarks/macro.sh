#!/usr/bin/env bash
# ConvexAuthKit macro benchmark: what a real `dotnet build` pays for the package, as ratios measured in one run
# so that machine noise cancels. Needs only the .NET SDK (10) and bash; no Convex or WorkOS account, no internet
# beyond what `dotnet` itself needs. Everything it creates lives under artifacts/bench/ (gitignored).
#
#   bash benchmarks/macro.sh                 # defaults
#   REPS=15 NODE_MODULES_FILES=50000 FIRST_REPS=3 LATENCIES="0 50" bash benchmarks/macro.sh
#   CLI=0 bash benchmarks/macro.sh           # never try the real Convex CLI (no npm install)
#
# Measures (see docs/benchmarks.md):
#   1. incremental `dotnet build --no-restore` with nothing changed, with vs without the ConvexAuthKit package
#      (alternating repetitions, medians), and the ConvexAuthKitProvision target's own time from the build's
#      performance summary;
#   2. requests the emulator received during those no-op builds (goal 0);
#   3. a first provisioning through `dotnet build` at each emulator latency in LATENCIES (0 and 50 ms round trips,
#      `--latency-ms`): the target's/task's own time, the request count and the critical path in round trips (from
#      the emulator's arrival/answer order), next to the real Convex CLI 1.48.0 on the same inputs: run live against
#      the same emulator where node and npm are available (`npm install convex@1.48.0` into artifacts/bench/cli) and
#      the emulator can serve it, else its RECORDED figures (../shared/reference/cli-baseline.md), said so in the
#      output;
#   4. the no-op cost with a ClientApp/node_modules of 0 and NODE_MODULES_FILES small files (goal: flat).
# Exits non-zero only when the script itself fails, never because a goal is missed.
set -euo pipefail

REPS="${REPS:-15}"                              # no-op builds per variant and per node_modules size
FIRST_REPS="${FIRST_REPS:-3}"                  # first provisionings per latency (each against a fresh emulator)
LATENCIES="${LATENCIES:-0 50}"                 # emulator round-trip latencies (ms) for the first provisionings
CLI="${CLI:-1}"                                # 0: never try the real Convex CLI
CLI_VERSION=1.48.0
NODE_MODULES_FILES="${NODE_MODULES_FILES:-50000}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench"
version="0.1.0-bench.$(date +%s)"
emulator_dll="$root/src/ConvexAuthKit.Emulator/bin/Release/net10.0/ConvexAuthKit.Emulator.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every build is a fresh process, as a developer's `dotnet build` is: no MSBuild server, no reused nodes.
export DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
# The benchmark switches ConvexAuthKit on explicitly (it is off in CI by default) and must not see a real deployment.
unset CONVEX_DEPLOYMENT CONVEX_DEPLOY_KEY CONVEX_OVERRIDE_ACCESS_TOKEN CONVEX_SELF_HOSTED_URL CONVEX_PROVISION_HOST

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'macro.sh: %s\n' "$*" >&2; exit 1; }

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# Everything but what benchmarks/vs-engine.sh keeps beside it (its folder and its results).
mkdir -p "$work"
find "$work" -mindepth 1 -maxdepth 1 ! -name 'vs-engine*' -exec rm -rf {} +
mkdir -p "$work/feed" "$work/home" "$work/logs"

# ---------------------------------------------------------------------------------------------------------------
log "Building the emulator and packing ConvexAuthKit $version into artifacts/bench/feed"
dotnet build "$root/src/ConvexAuthKit.Emulator/ConvexAuthKit.Emulator.csproj" -c Release -nodeReuse:false -nologo -v:q \
  > "$work/logs/emulator-build.log" 2>&1 || { cat "$work/logs/emulator-build.log"; die "emulator build failed"; }
dotnet pack "$root/src/ConvexAuthKit.Tasks/ConvexAuthKit.Tasks.csproj" -c Release -o "$work/feed" -p:Version="$version" \
  -nodeReuse:false -nologo -v:q > "$work/logs/pack.log" 2>&1 || { cat "$work/logs/pack.log"; die "dotnet pack failed"; }
[ -f "$work/feed/ConvexAuthKit.$version.nupkg" ] || die "no package in $work/feed"

# ---------------------------------------------------------------------------------------------------------------
# Emulator (process mode). One per first provisioning (a fresh deployment each time), then one for the no-op builds.
# The emulator, its request log and the critical path in round trips come from benchmarks/lib/emulator.sh.
bench_work="$work" bench_home="$work/home" repo_root="$root"
# shellcheck source=lib/emulator.sh
. "$root/benchmarks/lib/emulator.sh"
trap stop_emulator EXIT
list_requests() {
  requests_json | { grep -o '"service":"[^"]*","method":"[A-Z]*","path":"[^"?]*' || true; } \
    | sed -E 's/"service":"([^"]*)","method":"([A-Z]*)","path":"/\1 \2 /'
}

# ---------------------------------------------------------------------------------------------------------------
# Two identical web projects (the shape of the ASP.NET Core SPA templates: Vite + React in ClientApp/),
# one with the ConvexAuthKit PackageReference and one without.
write_project() { # dir with-package(true|false)
  local dir="$1" with="$2" ref=""
  mkdir -p "$dir/wwwroot"
  [ "$with" = true ] && ref="    <PackageReference Include=\"ConvexAuthKit\" Version=\"$version\" />"
  cat > "$dir/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <SpaRoot>ClientApp/</SpaRoot>
    <SpaProxyLaunchCommand>npm run dev</SpaProxyLaunchCommand>
    <SpaProxyServerUrl>http://localhost:5173</SpaProxyServerUrl>
    <DefaultItemExcludes>\$(DefaultItemExcludes);\$(SpaRoot)node_modules/**</DefaultItemExcludes>
  </PropertyGroup>
  <ItemGroup>
$ref
  </ItemGroup>
  <ItemGroup>
    <Content Remove="\$(SpaRoot)**" />
    <None Remove="\$(SpaRoot)**" />
    <None Include="\$(SpaRoot)**" Exclude="\$(SpaRoot)node_modules/**" />
  </ItemGroup>
</Project>
XML
  cat > "$dir/Program.cs" <<'CS'
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.UseStaticFiles();
app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
app.MapFallbackToFile("index.html");
app.Run();
CS
  # The Vite ClientApp, its auth.config.ts and .env.local: benchmarks/lib/emulator.sh, shared with vs-engine.sh.
  write_client_app "$dir"
  write_convex_json "$dir" env
}
# convex.json: "env" = authKit.dev.localEnvVars (what the CLI 1.48 templates ship, and the inputs of issue 13's
# table); "configure" = the same plus configure with 2 redirect URIs, a CORS origin and the app homepage URL (the
# cli-baseline.md row of that name), where the WorkOS registrations run beside the deployment update.
write_convex_json() { # dir env|configure
  local configure=""
  [ "$2" = configure ] && configure=',
      "configure": {
        "redirectUris": ["http://localhost:5173/callback", "http://localhost:5174/callback"],
        "corsOrigins": ["http://localhost:5173"],
        "appHomepageUrl": "http://localhost:5173"
      }'
  cat > "$1/ClientApp/convex.json" <<JSON
{
  "authKit": {
    "dev": {
      "localEnvVars": {
        "VITE_WORKOS_CLIENT_ID": "\${authEnv.WORKOS_CLIENT_ID}",
        "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
      }$configure
    }
  }
}
JSON
}
# reset_env_local (benchmarks/lib/emulator.sh): .env.local as `npx convex dev` leaves it.

with_dir="$work/with/App"
without_dir="$work/without/App"
write_project "$with_dir" true
write_project "$without_dir" false
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="convexauthkit-bench" value="$work/feed" />
  </packageSources>
</configuration>
XML

# dotnet with the benchmark's environment: isolated HOME (the Convex login) and package folder.
dn() {
  HOME="$work/home" DOTNET_CLI_HOME="$work/home" NUGET_PACKAGES="$work/nuget-packages" \
    CONVEX_PROVISION_HOST="$provision_host" dotnet "$@"
}

# One build; leaves "<wall ms> <ConvexAuthKitProvision target ms|-> <ProvisionAuthKit task ms|->" in $work/last.txt.
# (Not run in a subshell, so that a failed build stops the script.)
build_once() { # dir logname [extra args...]
  local dir="$1" name="$2"; shift 2
  local logf="$work/logs/$name.log" t0 t1 target task
  t0=$(now_ms)
  if ! dn build "$dir/App.csproj" --no-restore -nodeReuse:false -nologo -v:m -clp:PerformanceSummary \
      -p:ConvexAuthKitEnabled=true -p:ConvexAuthKitWorkOSApiUrl="$workos_url" "$@" > "$logf" 2>&1; then
    tail -40 "$logf" >&2
    die "build failed ($name), log: $logf"
  fi
  t1=$(now_ms)
  # Performance summary lines look like "       12 ms  ConvexAuthKitProvision                     1 calls".
  target=$(awk '/Target Performance Summary/{s=1} /Task Performance Summary/{s=0} s && $3=="ConvexAuthKitProvision"{print $1}' "$logf" | head -1)
  task=$(awk '/Task Performance Summary/{s=1} s && $3=="ProvisionAuthKit"{print $1}' "$logf" | head -1)
  echo "$((t1 - t0)) ${target:--} ${task:--}" > "$work/last.txt"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="-"||b=="-"||b==0) print "-"; else printf "%.3f", a/b }'; }

# ---------------------------------------------------------------------------------------------------------------
start_emulator
log "Restoring both projects"
dn restore "$with_dir/App.csproj" -nodeReuse:false -nologo -v:q > "$work/logs/restore-with.log" 2>&1 \
  || { cat "$work/logs/restore-with.log"; die "restore failed (with package)"; }
dn restore "$without_dir/App.csproj" -nodeReuse:false -nologo -v:q > "$work/logs/restore-without.log" 2>&1 \
  || { cat "$work/logs/restore-without.log"; die "restore failed (without package)"; }

log "Building both once (compile)"
reset_requests
build_once "$without_dir" first-build-without
build_once "$with_dir" first-build-with
grep -q 'ConvexAuthKit' "$work/logs/first-build-with.log" || die "the package's target did not run (see $work/logs/first-build-with.log)"
grep -q 'WORKOS_CLIENT_ID\|VITE_WORKOS_CLIENT_ID' "$with_dir/ClientApp/.env.local" \
  || { cat "$work/logs/first-build-with.log" >&2; die "the first build did not provision (.env.local has no WORKOS variable)"; }

# ---------------------------------------------------------------------------------------------------------------
# 3. First provisioning: a fresh emulator (deployment without WorkOS) each time, the initial .env.local, no cache,
# at each latency.
declare -A first
first_series() { # env|configure latency
  local variant="$1" latency="$2" i wall target task n trips key="$1-$2"
  log "3. First provisioning ($variant) through dotnet build at ${latency} ms emulator latency, $FIRST_REPS times (fresh emulator each time)"
  write_convex_json "$with_dir" "$variant"
  : > "$work/first-target.txt"; : > "$work/first-task.txt"; : > "$work/first-requests.txt"; : > "$work/first-trips.txt"
  for i in $(seq 1 "$FIRST_REPS"); do
    start_emulator "$latency"
    reset_env_local "$with_dir"
    rm -f "$with_dir/obj/ConvexAuthKit.cache.json"
    build_once "$with_dir" "first-provisioning-$key-$i"
    read -r wall target task < "$work/last.txt"
    n=$(count_requests)
    trips=$(round_trips)
    [ "$i" = 1 ] && list_requests > "$work/first-provisioning-requests-$key.txt"
    grep -q 'WORKOS_CLIENT_ID' "$with_dir/ClientApp/.env.local" || die "first provisioning $i wrote no WORKOS variable"
    echo "$target" >> "$work/first-target.txt"; echo "$task" >> "$work/first-task.txt"
    echo "$n" >> "$work/first-requests.txt"; echo "$trips" >> "$work/first-trips.txt"
    log "   run $i: build ${wall} ms, target ${target} ms, task ${task} ms, ${n} requests in ${trips} round trips"
  done
  first[$key-target]=$(median < "$work/first-target.txt")
  first[$key-task]=$(median < "$work/first-task.txt")
  first[$key-requests]=$(median < "$work/first-requests.txt")
  first[$key-trips]=$(median < "$work/first-trips.txt")
  write_convex_json "$with_dir" env
}
for latency in $LATENCIES; do
  first_series env "$latency"
  first_series configure "$latency"
done
# ---------------------------------------------------------------------------------------------------------------
# 3b. The real Convex CLI on the same inputs against the same emulator, where node and npm are available:
# `npx convex integration workos provision-environment` in a copy of the Vite app, HOME holding the login, a fresh
# emulator (deployment without WorkOS) per run, at each latency. The CLI reads the deployment's WORKOS_* variables
# with three parallel queries of _system/cli/queryEnvironmentVariables:get over the deployment's sync WebSocket
# (/api/<version>/sync), which the emulator serves; each socket is one logged request. Wall time is the whole CLI
# process (node start included), as a developer waits for it. Bounded: 60 s per run, and a run whose WebSocket
# starts retrying is stopped at once. Its authKit.dev.configure path cannot be measured live (the CLI calls WorkOS at
# a fixed public host), so that figure stays recorded.
# Recorded figures (cli-baseline.md, 1.48.0, Vite app with authKit.dev.localEnvVars): 8 requests, 0.83 s at ~0 ms.
cli_recorded_requests=8 cli_recorded_wall_ms=830
# The same with authKit.dev.configure (2 redirect URIs, CORS, homepage): 11 requests, 1.07 s (recorded only).
cli_recorded_configure_wall_ms=1070
declare -A cli
cli_source="recorded"
cli_note=""
if [ "$CLI" != 1 ]; then
  cli_note="CLI=0: the real CLI was not tried"
elif ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  cli_note="node/npm not found: the real CLI was not tried"
else
  cli_dir="$work/cli"
  log "3b. Installing convex@$CLI_VERSION into $cli_dir"
  mkdir -p "$cli_dir"
  if ! (cd "$cli_dir" && npm install "convex@$CLI_VERSION" --no-audit --no-fund --no-save --silent > "$work/logs/cli-install.log" 2>&1); then
    cli_note="npm install convex@$CLI_VERSION failed (see $work/logs/cli-install.log)"
  else
    cli_main="$cli_dir/node_modules/convex/bin/main.js"
    cli_app="$work/cli-app"
    cli_live=1
    for latency in $LATENCIES; do
      log "3b. The real CLI $CLI_VERSION at ${latency} ms emulator latency, $FIRST_REPS times (fresh emulator each time)"
      : > "$work/cli-wall.txt"; : > "$work/cli-requests.txt"; : > "$work/cli-trips.txt"
      for i in $(seq 1 "$FIRST_REPS"); do
        start_emulator "$latency"
        rm -rf "$cli_app"; mkdir -p "$cli_app"
        cp -R "$with_dir/ClientApp/." "$cli_app/"
        rm -rf "$cli_app/node_modules"
        ln -s "$cli_dir/node_modules" "$cli_app/node_modules"
        printf '# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: my-app\n\nVITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n' > "$cli_app/.env.local"
        cli_log="$work/logs/cli-${latency}ms-$i.log"
        : > "$cli_log"
        t0=$(now_ms)
        (cd "$cli_app" && HOME="$work/home" CONVEX_PROVISION_HOST="$provision_host" \
           exec timeout 60 node "$cli_main" integration workos provision-environment < /dev/null > "$cli_log" 2>&1) &
        cli_pid=$!
        # A sync WebSocket the emulator cannot serve makes the CLI retry for minutes: stop it at the first retry.
        (while kill -0 "$cli_pid" 2> /dev/null; do
           if grep -q 'Attempting reconnect' "$cli_log" 2> /dev/null; then kill "$cli_pid" 2> /dev/null; break; fi
           sleep 0.1
         done) &
        watch_pid=$!
        cli_rc=0; wait "$cli_pid" || cli_rc=$?
        t1=$(now_ms)
        kill "$watch_pid" 2> /dev/null || true; wait "$watch_pid" 2> /dev/null || true
        if [ "$cli_rc" = 0 ] && grep -q 'VITE_WORKOS_CLIENT_ID=client_' "$cli_app/.env.local"; then
          n=$(count_requests); trips=$(round_trips)
          echo "$((t1 - t0))" >> "$work/cli-wall.txt"; echo "$n" >> "$work/cli-requests.txt"; echo "$trips" >> "$work/cli-trips.txt"
          if [ "$i" = 1 ]; then
            # What the CLI asked for and what it left, for comparison with ConvexAuthKit's first provisioning.
            list_requests > "$work/cli-requests-$latency.txt"
            emulator_http GET "$provision_host/_emulator/state" > "$work/cli-state-$latency.json"
            cp "$cli_app/.env.local" "$work/cli-env-local-$latency.txt"
          fi
          log "   CLI run $i: $((t1 - t0)) ms, $n requests in $trips round trips"
        else
          cli_live=0
          if grep -q 'Attempting reconnect' "$cli_log"; then
            cli_note="the real CLI $CLI_VERSION could not read the deployment over the emulator's sync WebSocket and started retrying (log: $cli_log)"
          else
            cli_note="the real CLI $CLI_VERSION did not complete against the emulator (exit $cli_rc; log: $cli_log)"
          fi
          break 2
        fi
      done
      cli[$latency-wall]=$(median < "$work/cli-wall.txt")
      cli[$latency-requests]=$(median < "$work/cli-requests.txt")
      cli[$latency-trips]=$(median < "$work/cli-trips.txt")
      log "   CLI at ${latency} ms: ${cli[$latency-wall]} ms, ${cli[$latency-requests]} requests in ${cli[$latency-trips]} round trips (medians; requests: $work/cli-requests-$latency.txt)"
    done
    if [ "$cli_live" = 1 ]; then
      cli_source="live"
      cli_note="the real CLI $CLI_VERSION measured live against the same emulator, same inputs (wall time of the whole process, node start included; requests and round trips at each latency: $(for l in $LATENCIES; do printf '%s ms: %s in %s; ' "$l" "${cli[$l-requests]}" "${cli[$l-trips]}"; done | sed 's/; $//'))"
    fi
  fi
fi
# The no-op builds run against a 0 ms emulator that their cache names: provision once more against a fresh one.
start_emulator 0
reset_env_local "$with_dir"
rm -f "$with_dir/obj/ConvexAuthKit.cache.json"
build_once "$with_dir" "first-provisioning-for-noop"
log "3b. CLI figures: $cli_source ($cli_note)"
for latency in $LATENCIES; do
  if [ "$cli_source" != live ]; then
    # Recorded only at ~0 ms; at a latency L the CLI's critical path (2 team_and_project, provision_and_authorize,
    # the 3 parallel WebSocket reads, provisioning, update: about 6 round trips) is not recorded: left open.
    if [ "$latency" = 0 ]; then cli[$latency-wall]=$cli_recorded_wall_ms; else cli[$latency-wall]="-"; fi
    cli[$latency-requests]=$cli_recorded_requests
  fi
done

# ---------------------------------------------------------------------------------------------------------------
# 1 + 2 + 4. No-op builds, alternating without/with, at each node_modules size. The emulator of the last first
# provisioning stays up, so the cache is valid and a correct no-op sends nothing.
make_node_modules() { # dir files
  local nm="$1/ClientApp/node_modules" files="$2" per=100 p f
  rm -rf "$nm"
  [ "$files" -gt 0 ] || return 0
  for ((p = 0; p * per < files; p++)); do
    mkdir -p "$nm/pkg-$p/lib"
    printf '{ "name": "pkg-%d", "version": "1.0.%d", "main": "index.js" }\n' "$p" "$p" > "$nm/pkg-$p/package.json"
    for ((f = 1; f < per && p * per + f < files; f++)); do
      printf 'module.exports = %d;\n' "$f" > "$nm/pkg-$p/lib/f$f.js"
    done
  done
}

declare -A res
run_noop_series() { # label
  local label="$1" i r
  : > "$work/noop-$label-with.txt"; : > "$work/noop-$label-without.txt"; : > "$work/noop-$label-target.txt"; : > "$work/noop-$label-task.txt"
  # One unmeasured build of each first (file system cache, the package's cache re-validated once).
  build_once "$without_dir" "noop-$label-warmup-without"
  build_once "$with_dir" "noop-$label-warmup-with"
  reset_requests
  for i in $(seq 1 "$REPS"); do
    # Alternate which variant goes first, so neither always follows the other.
    local order="without with"; [ $((i % 2)) = 0 ] && order="with without"
    for v in $order; do
      if [ "$v" = with ]; then
        build_once "$with_dir" "noop-$label-with-$i"
        read -r r target task < "$work/last.txt"; echo "$r" >> "$work/noop-$label-with.txt"
        echo "$target" >> "$work/noop-$label-target.txt"; echo "$task" >> "$work/noop-$label-task.txt"
      else
        build_once "$without_dir" "noop-$label-without-$i"
        read -r r _ _ < "$work/last.txt"; echo "$r" >> "$work/noop-$label-without.txt"
      fi
    done
  done
  res[$label-requests]=$(count_requests)
  res[$label-with]=$(median < "$work/noop-$label-with.txt")
  res[$label-without]=$(median < "$work/noop-$label-without.txt")
  res[$label-target]=$(median < "$work/noop-$label-target.txt")
  res[$label-task]=$(median < "$work/noop-$label-task.txt")
  res[$label-target-max]=$(sort -n "$work/noop-$label-target.txt" | tail -1)
  res[$label-ratio]=$(ratio "${res[$label-with]}" "${res[$label-without]}")
  # Paired: the median of (with_i - without_i) over repetitions i, which cancels drift between repetitions.
  res[$label-pdiff]=$(paste -d' ' "$work/noop-$label-with.txt" "$work/noop-$label-without.txt" | awk '{print $1-$2}' | median | awk '{printf "%+.0f", $1}')
  res[$label-pratio]=$(awk -v d="${res[$label-pdiff]}" -v b="${res[$label-without]}" 'BEGIN{printf "%.3f", 1 + d/b}')
  log "   $label: without ${res[$label-without]} ms, with ${res[$label-with]} ms (x${res[$label-ratio]}; paired ${res[$label-pdiff]} ms, x${res[$label-pratio]}), target ${res[$label-target]} ms, ${res[$label-requests]} requests"
}

log "1/2. No-op builds, node_modules absent, $REPS alternating repetitions"
run_noop_series nm0

log "4. Generating ClientApp/node_modules with $NODE_MODULES_FILES files in both projects"
t0=$(now_ms)
make_node_modules "$with_dir" "$NODE_MODULES_FILES"
cp -R "$with_dir/ClientApp/node_modules" "$without_dir/ClientApp/node_modules"
actual_files=$(find "$with_dir/ClientApp/node_modules" -type f | wc -l | tr -d ' ')
log "   $actual_files files per project ($(( $(now_ms) - t0 )) ms)"
log "4. No-op builds with node_modules, $REPS alternating repetitions"
run_noop_series nmN

# ---------------------------------------------------------------------------------------------------------------
# The real CLI's recorded run with nothing to do (cli-baseline.md, 1.30.0): 8 requests, 1.12-1.19 s; it keeps no cache.
cli_noop_requests=8 cli_noop_wall_ms=1120

verdict() { # value op limit  -> met|MISSED
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v=="-") { print "n/a"; exit } ok = (op=="<=") ? (v+0 <= l+0) : (op=="<") ? (v+0 < l+0) : (v+0 == l+0); print ok ? "met" : "MISSED" }'
}

nm0_delta=$(awk -v a="${res[nm0-with]}" -v b="${res[nm0-without]}" 'BEGIN{printf "%+.0f", a-b}')
nmN_delta=$(awk -v a="${res[nmN-with]}" -v b="${res[nmN-without]}" 'BEGIN{printf "%+.0f", a-b}')
flat_target=$(awk -v a="${res[nmN-target]}" -v b="${res[nm0-target]}" 'BEGIN{ if (a=="-"||b=="-") print "-"; else printf "%+.0f", a-b }')
flat_verdict=$(awk -v a="${res[nmN-target]}" -v b="${res[nm0-target]}" -v ra="${res[nmN-pratio]}" -v rb="${res[nm0-pratio]}" \
  'BEGIN{ if (a=="-"||b=="-") {print "n/a"; exit} print ((a-b) <= 5 && (ra-rb) <= 0.02) ? "met" : "MISSED" }')

{
echo
echo "ConvexAuthKit macro benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, .NET SDK $(dotnet --version)"
echo "package: ConvexAuthKit $version; no-op repetitions: $REPS per variant (alternating), first provisionings: $FIRST_REPS"
echo "load average: at start $load_start; at end $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine add noise to wall times)"
echo "all times in ms, medians; 'target' = ConvexAuthKitProvision, 'task' = ProvisionAuthKit, from -clp:PerformanceSummary"
echo
printf '%-58s %14s %14s %10s\n' "measure" "value" "goal" "verdict"
printf '%-58s %14s %14s %10s\n' "----------------------------------------------------------" "--------------" "--------------" "----------"
row() { printf '%-58s %14s %14s %10s\n' "$1" "$2" "$3" "$4"; }
row "1. no-op build without package (ms)" "${res[nm0-without]}" "" ""
row "1. no-op build with package (ms)" "${res[nm0-with]}" "" ""
row "1. no-op build with / without (ratio of medians)" "x${res[nm0-ratio]} (${nm0_delta})" "" ""
row "1. no-op build with / without (paired, median of diffs)" "x${res[nm0-pratio]} (${res[nm0-pdiff]})" "<= +5 ms" "$(verdict "${res[nm0-pdiff]#+}" '<=' 5)"
row "1. ConvexAuthKitProvision target on no-op (ms, max ${res[nm0-target-max]})" "${res[nm0-target]}" "<= 2" "$(verdict "${res[nm0-target]}" '<=' 2)"
row "1. ProvisionAuthKit task on no-op (ms)" "${res[nm0-task]}" "" ""
row "2. requests during $REPS no-op builds" "${res[nm0-requests]}" "0" "$(verdict "${res[nm0-requests]}" '==' 0)"
for latency in $LATENCIES; do
  goal_ratio=0.10; [ "$latency" != 0 ] && goal_ratio=0.22
  k="env-$latency"
  trips_goal=$(awk -v t="${first[$k-trips]}" -v l="$latency" 'BEGIN{ if (t=="-") print "-"; else print t*l + 60 }')
  vs=$(ratio "${first[$k-target]}" "${cli[$latency-wall]}")
  row "3. first provisioning @${latency} ms: target time (ms)" "${first[$k-target]}" "<= $trips_goal (trips)" "$(verdict "${first[$k-target]}" '<=' "$trips_goal")"
  row "3. first provisioning @${latency} ms: task time (ms)" "${first[$k-task]}" "" ""
  row "3. first provisioning @${latency} ms: requests / round trips" "${first[$k-requests]} / ${first[$k-trips]}" "" ""
  row "3. CLI $CLI_VERSION @${latency} ms ($cli_source): wall (ms) / requests" "${cli[$latency-wall]} / ${cli[$latency-requests]}" "" ""
  row "3. first provisioning @${latency} ms: target / CLI ($cli_source)" "x$vs" "<= x$goal_ratio" "$(verdict "$vs" '<=' "$goal_ratio")"
  k="configure-$latency"
  cli_configure="-"; [ "$latency" = 0 ] && cli_configure=$cli_recorded_configure_wall_ms
  row "3. + configure @${latency} ms: target (ms) / requests / trips" "${first[$k-target]} / ${first[$k-requests]} / ${first[$k-trips]}" "" ""
  row "3. + configure @${latency} ms: target / CLI (recorded ${cli_configure} ms)" "x$(ratio "${first[$k-target]}" "$cli_configure")" "" ""
done
row "3. no-op: requests (CLI recorded: $cli_noop_requests, ${cli_noop_wall_ms} ms)" "${res[nm0-requests]}" "< $cli_noop_requests" "$(verdict "${res[nm0-requests]}" '<' "$cli_noop_requests")"
row "4. no-op without package, node_modules $actual_files files" "${res[nmN-without]}" "" ""
row "4. no-op with package, node_modules $actual_files files" "${res[nmN-with]}" "" ""
row "4. with / without, node_modules $actual_files files (medians)" "x${res[nmN-ratio]} (${nmN_delta})" "" ""
row "4. with / without, node_modules $actual_files files (paired)" "x${res[nmN-pratio]} (${res[nmN-pdiff]})" "<= x1.02" "$(verdict "${res[nmN-pratio]}" '<=' 1.02)"
row "4. target on no-op, node_modules $actual_files files (ms)" "${res[nmN-target]}" "<= 15" "$(verdict "${res[nmN-target]}" '<=' 15)"
row "4. requests during no-op builds with node_modules" "${res[nmN-requests]}" "0" "$(verdict "${res[nmN-requests]}" '==' 0)"
row "4. target growth 0 -> $actual_files files (ms)" "$flat_target" "flat" "$flat_verdict"
echo
echo "CLI first-provisioning figures: $cli_source — $cli_note."
[ "$cli_source" = live ] || echo "(recorded: cli-baseline.md, convex $CLI_VERSION, Vite app with authKit.dev.localEnvVars, ~0 ms round trip: $cli_recorded_requests requests, $cli_recorded_wall_ms ms; no recorded figure at other latencies)"
echo "The no-op CLI row compares with the recorded convex 1.30.0 baseline (cli-baseline.md)."
for latency in $LATENCIES; do
  for variant in env configure; do
    echo "First provisioning ($variant) requests at ${latency} ms (run 1):"
    sed 's/^/  /' "$work/first-provisioning-requests-$variant-$latency.txt"
  done
done
echo "Logs: $work/logs"
} | tee "$work/results.txt"
