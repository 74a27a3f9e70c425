#!/usr/bin/env bash
# ConvexAuthKit on Visual Studio's MSBuild: the package's tasks/net472 build run by the .NET Framework MSBuild engine
# (17.7.2, the last that runs on Mono) through tests/ConvexAuthKit.VsHost, measured in one run. The counterpart of
# benchmarks/macro.sh (the dotnet CLI path, tasks/net8.0).
#
# How to run (Linux; needs the .NET SDK, bash, unzip or python3, and Mono from `bash .ci/install-mono.sh`):
#   bash benchmarks/vs-engine.sh                                # defaults: REPS=15 FIRST_REPS=3 LATENCIES="0 50"
#   REPS=5 FIRST_REPS=3 LATENCIES="0 50" bash benchmarks/vs-engine.sh
# On Windows the host runs without Mono (set VSHOST_LAUNCHER= to an empty value). Everything it creates lives under
# artifacts/bench/vs-engine/ (gitignored); the table goes to stdout and artifacts/bench/vs-engine-results.txt.
#
# What it measures (each build is a new host process, as after Visual Studio starts; medians of the repetitions):
#   1. no-op build of a ClientApp/Vite project with vs without the package, alternating which goes first: the whole
#      process (Mono start included) and the engine's own "Time Elapsed", as the median of the paired differences;
#      whether MSBuild skipped ConvexAuthKitProvision ("Skipping target ... all output files are up-to-date", the
#      Inputs/Outputs skip on obj/ConvexAuthKit.succeeded.txt) or ran the ProvisionAuthKit task, whether the task
#      assembly was loaded, and the requests the emulator received (goal 0); at each latency in LATENCIES;
#   2. the same no-op builds in a long-lived engine (the third build of one host process, as in Visual Studio's
#      node; with vs without, paired, evaluation + project build), and one with the task run on purpose (an input touched, the task's own cache decides: the cold path
#      under Mono, JIT of our net472 assembly included);
#   3. a first provisioning (fresh emulator, initial .env.local, no obj/ cache) at each latency: the
#      ConvexAuthKitProvision target's and the ProvisionAuthKit task's time, requests and round trips, and what the
#      build after it did.
# Per-target and per-task times come from the console logger's performance summary (the host's -clp:PerformanceSummary,
# as MSBuild.exe's -clp). The "without" project is the same project minus the package's imports: the VsHost has no
# .NET SDK (its tasks do not run on .NET Framework), so both projects are bare MSBuild projects with Build/BeforeBuild
# stand-ins, as in tests/ConvexAuthKit.PackageTests/VisualStudio; the paired difference is the package's whole cost
# (evaluation of its props/targets included), the ratio is against an almost empty build.
# Exits non-zero only when the script itself fails, never because a goal is missed.
set -euo pipefail

REPS="${REPS:-15}"                 # no-op builds per variant and latency
FIRST_REPS="${FIRST_REPS:-3}"     # first provisionings per latency (each against a fresh emulator)
LATENCIES="${LATENCIES:-0 50}"    # emulator latencies (ms), applied to every request

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_work="$repo_root/artifacts/bench/vs-engine"
bench_home="$bench_work/home"
results="$repo_root/artifacts/bench/vs-engine-results.txt"
version="0.1.0-vsbench.$(date +%s)"
emulator_dll="$repo_root/src/ConvexAuthKit.Emulator/bin/Release/net10.0/ConvexAuthKit.Emulator.dll"
vshost_exe="$repo_root/tests/ConvexAuthKit.VsHost/bin/Release/net472/ConvexAuthKit.VsHost.exe"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
# The package is switched on explicitly below; no real deployment, and no credential, which would bypass the skip.
unset CONVEX_DEPLOYMENT CONVEX_DEPLOY_KEY CONVEX_DEPLOYMENT_TOKEN CONVEX_OVERRIDE_ACCESS_TOKEN CONVEX_SELF_HOSTED_URL \
  CONVEX_SELF_HOSTED_ADMIN_KEY CONVEX_PROVISION_HOST WORKOS_CLIENT_ID WORKOS_API_KEY WORKOS_ENVIRONMENT_ID \
  WORKOS_ENVIRONMENT_API_KEY WORKOS_COOKIE_PASSWORD VITE_WORKOS_CLIENT_ID VITE_WORKOS_REDIRECT_URI

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'vs-engine.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/emulator.sh
. "$repo_root/benchmarks/lib/emulator.sh"
trap stop_emulator EXIT

# Mono and the netstandard facades .ci/install-mono.sh unpacks (as tests/ConvexAuthKit.PackageTests' VsHost class finds them).
if [ "${VSHOST_LAUNCHER-unset}" = unset ]; then
  VSHOST_LAUNCHER="$(command -v mono || true)"
  [ -n "$VSHOST_LAUNCHER" ] || die "Mono is not installed: run \`bash .ci/install-mono.sh\` (Debian or Ubuntu, as root)"
fi
facades="${CONVEXAUTHKIT_MONO_FACADES:-${XDG_CACHE_HOME:-$HOME/.cache}/convexauthkit/mono-facades}"
[ -z "$VSHOST_LAUNCHER" ] || [ -f "$facades/netstandard.dll" ] || die "no netstandard.dll in $facades: run \`bash .ci/install-mono.sh\`"

load_start="$(load_average)"
rm -rf "$bench_work" "$results"
mkdir -p "$bench_work/feed" "$bench_home" "$bench_work/logs" "$bench_work/series"

# ---------------------------------------------------------------------------------------------------------------
log "Building the emulator and the VsHost, packing ConvexAuthKit $version into artifacts/bench/vs-engine/feed"
build_quietly() { # log name, command...
  local name="$1"; shift
  "$@" -nodeReuse:false -nologo -v:q > "$bench_work/logs/$name.log" 2>&1 || { cat "$bench_work/logs/$name.log" >&2; die "$name failed"; }
}
build_quietly emulator-build dotnet build "$repo_root/src/ConvexAuthKit.Emulator/ConvexAuthKit.Emulator.csproj" -c Release
build_quietly vshost-build dotnet build "$repo_root/tests/ConvexAuthKit.VsHost/ConvexAuthKit.VsHost.csproj" -c Release
build_quietly pack dotnet pack "$repo_root/src/ConvexAuthKit.Tasks/ConvexAuthKit.Tasks.csproj" -c Release \
  -o "$bench_work/feed" -p:Version="$version"
nupkg="$bench_work/feed/ConvexAuthKit.$version.nupkg"
[ -f "$nupkg" ] || die "no package in $bench_work/feed"
# Unpacked as NuGet would into ~/.nuget/packages/convexauthkit/<version>/, and imported as its generated
# obj/*.nuget.g.props/.targets would: the targets pick tasks/net472 by $(MSBuildRuntimeType) == Full.
package_dir="$bench_work/package"
if command -v unzip > /dev/null; then unzip -q "$nupkg" -d "$package_dir"; else python3 -m zipfile -e "$nupkg" "$package_dir"; fi
[ -f "$package_dir/tasks/net472/ConvexAuthKit.Tasks.dll" ] || die "the package has no tasks/net472/ConvexAuthKit.Tasks.dll"

# ---------------------------------------------------------------------------------------------------------------
# Two identical projects, one importing the package. The properties are those of the SPA templates' web project.
write_project() { # dir with-package(true|false)
  local dir="$1" props="" targets=""
  mkdir -p "$dir"
  if [ "$2" = true ]; then
    props="  <Import Project=\"$package_dir/build/ConvexAuthKit.props\" />"
    targets="  <Import Project=\"$package_dir/build/ConvexAuthKit.targets\" />"
  fi
  cat > "$dir/App.proj" <<XML
<Project>
$props
  <PropertyGroup>
    <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
    <SpaRoot>ClientApp/</SpaRoot>
    <SpaProxyLaunchCommand>npm run dev</SpaProxyLaunchCommand>
    <SpaProxyServerUrl>http://localhost:5173</SpaProxyServerUrl>
  </PropertyGroup>
  <Target Name="BeforeBuild" />
  <Target Name="Build" DependsOnTargets="BeforeBuild" />
$targets
</Project>
XML
  write_client_app "$dir"
}
with_dir="$bench_work/with/App"
without_dir="$bench_work/without/App"
write_project "$with_dir" true
write_project "$without_dir" false

# One build in a new host process. Leaves in $bench_work/last.txt, for the last build of the process:
#   wall engine eval project prepare target task skipped ran loaded
# wall: the whole process (ms); engine: the logger's "Time Elapsed" (10 ms resolution); eval: project evaluation;
# project: the project's build after evaluation (both from the performance summary, ms);
# prepare/target/task: _ConvexAuthKitPrepareProvision, ConvexAuthKitProvision, ProvisionAuthKit (ms, "-" if absent);
# skipped: MSBuild skipped the target as up to date (0/1); ran: the task ran (0/1); loaded: the process loaded
# tasks/net472/ConvexAuthKit.Tasks.dll (0/1).
build_once() { # dir logname [host args...]
  local dir="$1" logf="$bench_work/logs/$2.log" t0 t1
  shift 2
  local -a cmd=("$vshost_exe")
  [ -z "$VSHOST_LAUNCHER" ] || cmd=("$VSHOST_LAUNCHER" "$vshost_exe")
  t0=$(now_ms)
  if ! (cd "$dir" && HOME="$bench_home" USERPROFILE="$bench_home" CONVEX_PROVISION_HOST="$provision_host" \
        MONO_PATH="$facades" MONO_ENV_OPTIONS="" exec "${cmd[@]}" "$dir/App.proj" "-clp:PerformanceSummary" \
        -p:ConvexAuthKitEnabled=true -p:_ConvexAuthKitSkipMSBuildFloorCheck=true -p:ConvexAuthKitWorkOSApiUrl="$workos_url" \
        --loaded-from "$package_dir" "$@" < /dev/null > "$logf" 2>&1); then
    tail -40 "$logf" >&2
    die "build failed ($2), log: $logf"
  fi
  t1=$(now_ms)
  # The console logger's performance summary: "      12 ms  ConvexAuthKitProvision                     1 calls".
  awk -v wall=$((t1 - t0)) '
    /^Build started/ { ev = pj = pr = tg = tk = el = "-"; sk = ran = 0; sec = "" }
    /^Project Evaluation Performance Summary:/ { sec = "eval" }
    /^Project Performance Summary:/ { sec = "project" }
    /^Target Performance Summary:/ { sec = "target" }
    /^Task Performance Summary:/ { sec = "task" }
    $2 == "ms" && sec == "eval" && ev == "-" { ev = $1 }
    $2 == "ms" && sec == "project" && pj == "-" { pj = $1 }
    $2 == "ms" && sec == "target" && $3 == "_ConvexAuthKitPrepareProvision" { pr = $1 }
    $2 == "ms" && sec == "target" && $3 == "ConvexAuthKitProvision" { tg = $1 }
    $2 == "ms" && sec == "task" && $3 == "ProvisionAuthKit" { tk = $1; ran = 1 }
    /Skipping target "ConvexAuthKitProvision" because all output files are up-to-date/ { sk = 1 }
    /^Time Elapsed / { split($3, t, ":"); el = sprintf("%.0f", t[1] * 3600000 + t[2] * 60000 + t[3] * 1000) }
    /^VSHOST-LOADED: .*\/tasks\/net472\/ConvexAuthKit\.Tasks\.dll/ { ld = 1 }
    END { print wall, el, ev, pj, pr, tg, tk, sk, ran, ld + 0 }' "$logf" > "$bench_work/last.txt"
}

# Series files: one value a line per measure, under series/<name>.<column>.
record() { # series name (after build_once)
  local name="$1" c v i=0
  read -r -a v < "$bench_work/last.txt"
  for c in wall engine eval project prepare target task skipped ran loaded; do
    echo "${v[$i]}" >> "$bench_work/series/$name.$c"; i=$((i + 1))
  done
  # In the engine: evaluation plus the project's build (ms resolution, unlike "Time Elapsed").
  awk '{ print ($3 ~ /^[0-9]/ && $4 ~ /^[0-9]/) ? $3 + $4 : "-" }' "$bench_work/last.txt" >> "$bench_work/series/$name.inengine"
}
med() { median < "$bench_work/series/$1.$2"; }
total() { awk '{ s += $1 } END { print s + 0 }' "$bench_work/series/$1.$2"; }
count() { wc -l < "$bench_work/series/$1.$2" | tr -d ' '; }
# The median of the paired differences with_i - without_i of one column.
paired() { # with-series without-series column
  paste -d' ' "$bench_work/series/$1.$3" "$bench_work/series/$2.$3" | awk '$1 ~ /^[0-9]/ && $2 ~ /^[0-9]/ { print $1 - $2 }' \
    | median | awk '{ if ($1 == "-") print "-"; else printf "%+.0f\n", $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.3f", a / b }'; }

# A first provisioning of the "with" project against the emulator running now: the initial .env.local, no obj/.
provision_fresh() { # logname
  reset_env_local "$with_dir"
  rm -rf "$with_dir/obj"
  reset_requests
  build_once "$with_dir" "$1"
  grep -q '^VITE_WORKOS_CLIENT_ID=client_' "$with_dir/ClientApp/.env.local" \
    || { cat "$bench_work/logs/$1.log" >&2; die "the first provisioning ($1) wrote no VITE_WORKOS_CLIENT_ID"; }
}

declare -A load_at
# ---------------------------------------------------------------------------------------------------------------
for latency in $LATENCIES; do
  # 3. First provisionings: a fresh emulator (a deployment without WorkOS) each time, then the build after it.
  log "First provisioning through the VsHost at ${latency} ms emulator latency, $FIRST_REPS times (fresh emulator each time)"
  for i in $(seq 1 "$FIRST_REPS"); do
    start_emulator "$latency"
    provision_fresh "first-$latency-$i"
    record "first-$latency"
    echo "$(count_requests)" >> "$bench_work/series/first-$latency.requests"
    echo "$(round_trips)" >> "$bench_work/series/first-$latency.trips"
    read -r wall _ _ _ prepare target task _ _ _ < "$bench_work/last.txt"
    reset_requests
    build_once "$with_dir" "after-first-$latency-$i"
    record "after-first-$latency"
    echo "$(count_requests)" >> "$bench_work/series/after-first-$latency.requests"
    log "   run $i: process ${wall} ms, prepare ${prepare} ms, target ${target} ms, task ${task} ms," \
        "$(tail -1 "$bench_work/series/first-$latency.requests") requests in $(tail -1 "$bench_work/series/first-$latency.trips") round trips;" \
        "next build: $(awk '{ print ($8 ? "skipped by MSBuild" : ($9 ? "task ran" : "?")) }' "$bench_work/last.txt")"
  done

  # 1. No-op builds, alternating, against a deployment provisioned by this project (a fresh emulator at this latency).
  log "No-op builds at ${latency} ms: $REPS alternating pairs with/without the package"
  start_emulator "$latency"
  provision_fresh "noop-$latency-provision"
  # Unmeasured: the build after a first provisioning re-runs the task (see the table), then one of each.
  build_once "$with_dir" "noop-$latency-warmup-with-1"
  build_once "$with_dir" "noop-$latency-warmup-with-2"
  build_once "$without_dir" "noop-$latency-warmup-without"
  reset_requests
  for i in $(seq 1 "$REPS"); do
    order="without with"; [ $((i % 2)) = 0 ] && order="with without"
    for v in $order; do
      if [ "$v" = with ]; then build_once "$with_dir" "noop-$latency-with-$i"; else build_once "$without_dir" "noop-$latency-without-$i"; fi
      record "noop-$latency-$v"
    done
  done
  echo "$(count_requests)" > "$bench_work/series/noop-$latency.requests"

  # 2. A long-lived engine: three builds in one host process (--repeat 3), the third measured; alternating too.
  log "No-op builds at ${latency} ms in a long-lived engine (third build of one process), $REPS alternating pairs"
  reset_requests
  for i in $(seq 1 "$REPS"); do
    order="without with"; [ $((i % 2)) = 0 ] && order="with without"
    for v in $order; do
      if [ "$v" = with ]; then build_once "$with_dir" "warm-$latency-with-$i" --repeat 3; else build_once "$without_dir" "warm-$latency-without-$i" --repeat 3; fi
      record "warm-$latency-$v"
    done
  done
  echo "$(count_requests)" > "$bench_work/series/warm-$latency.requests"

  # 2. The task run on purpose: convex.json touched (same content), so MSBuild runs the target and the task's cache decides.
  log "Builds at ${latency} ms with convex.json touched (the task runs, its cache decides), $REPS times"
  reset_requests
  for i in $(seq 1 "$REPS"); do
    touch "$with_dir/ClientApp/convex.json"
    build_once "$with_dir" "touched-$latency-$i"
    record "touched-$latency"
  done
  echo "$(count_requests)" > "$bench_work/series/touched-$latency.requests"
  load_at[$latency]="$(load_average)"
done
stop_emulator

# ---------------------------------------------------------------------------------------------------------------
{
echo
echo "ConvexAuthKit on Visual Studio's MSBuild (tasks/net472) — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "engine: MSBuild 17.7.2 (.NET Framework build) in tests/ConvexAuthKit.VsHost, $( [ -n "$VSHOST_LAUNCHER" ] && "$VSHOST_LAUNCHER" --version | head -1 || echo 'on .NET Framework')"
echo "package: ConvexAuthKit $version; no-op: $REPS alternating pairs per latency; first provisionings: $FIRST_REPS per latency"
echo "load average (1/5/15 min): at start $load_start; $(for l in $LATENCIES; do printf 'after the %s ms series %s; ' "$l" "${load_at[$l]}"; done)at end $(load_average)"
echo "all times in ms, medians; process = the whole host process (Mono start included), engine = the logger's Time Elapsed"
echo "(10 ms resolution); prepare/target/task = _ConvexAuthKitPrepareProvision/ConvexAuthKitProvision/ProvisionAuthKit"
echo "from the performance summary; '-' = not in the summary (the task did not run)"
echo
row() { printf '%-80s %24s\n' "$1" "$2"; }
row "measure" "value"
row "$(printf '%080d' 0 | tr 0 -)" "$(printf '%024d' 0 | tr 0 -)"
for l in $LATENCIES; do
  w="noop-$l-with" wo="noop-$l-without"
  row "1. no-op @${l} ms: process without / with package" "$(med "$wo" wall) / $(med "$w" wall)"
  row "1. no-op @${l} ms: process, paired with - without (x ratio)" "$(paired "$w" "$wo" wall) ($(ratio "$(med "$w" wall)" "$(med "$wo" wall)")x)"
  row "1. no-op @${l} ms: engine without / with package" "$(med "$wo" engine) / $(med "$w" engine)"
  row "1. no-op @${l} ms: engine, paired with - without" "$(paired "$w" "$wo" engine)"
  row "1. no-op @${l} ms: evaluation without / with package" "$(med "$wo" eval) / $(med "$w" eval)"
  row "1. no-op @${l} ms: evaluation + project build, paired with - without" "$(paired "$w" "$wo" inengine)"
  row "1. no-op @${l} ms: prepare / target / task" "$(med "$w" prepare) / $(med "$w" target) / $(med "$w" task)"
  row "1. no-op @${l} ms: target skipped by MSBuild / task ran / assembly loaded" "$(total "$w" skipped) / $(total "$w" ran) / $(total "$w" loaded) of $(count "$w" wall)"
  row "1. no-op @${l} ms: requests during $(count "$w" wall) no-op builds" "$(cat "$bench_work/series/noop-$l.requests")"
  k="warm-$l-with" ko="warm-$l-without"
  row "2. no-op @${l} ms, long-lived engine (3rd build): eval + project without / with" "$(med "$ko" inengine) / $(med "$k" inengine)"
  row "2. no-op @${l} ms, long-lived engine: eval + project, paired with - without" "$(paired "$k" "$ko" inengine)"
  row "2. no-op @${l} ms, long-lived engine: prepare / target / task" "$(med "$k" prepare) / $(med "$k" target) / $(med "$k" task)"
  row "2. no-op @${l} ms, long-lived engine: skipped / task ran" "$(total "$k" skipped) / $(total "$k" ran) of $(count "$k" wall); $(cat "$bench_work/series/warm-$l.requests") requests"
  k="touched-$l"
  row "2. convex.json touched @${l} ms (task runs): process / prepare / target / task" "$(med "$k" wall) / $(med "$k" prepare) / $(med "$k" target) / $(med "$k" task)"
  row "2. convex.json touched @${l} ms: task ran / requests" "$(total "$k" ran) of $(count "$k" wall) / $(cat "$bench_work/series/$k.requests")"
  k="first-$l"
  row "3. first provisioning @${l} ms: process / engine" "$(med "$k" wall) / $(med "$k" engine)"
  row "3. first provisioning @${l} ms: prepare / target / task" "$(med "$k" prepare) / $(med "$k" target) / $(med "$k" task)"
  row "3. first provisioning @${l} ms: requests / round trips" "$(med "$k" requests) / $(med "$k" trips)"
  k="after-first-$l"
  row "3. build after it @${l} ms: skipped / task ran; task ms; requests" "$(total "$k" skipped) / $(total "$k" ran) of $(count "$k" wall); $(med "$k" task); $(awk '{ s += $1 } END { print s + 0 }' "$bench_work/series/$k.requests")"
done
echo
echo "Per-build figures: $bench_work/series/; logs: $bench_work/logs/"
} | tee "$results"
