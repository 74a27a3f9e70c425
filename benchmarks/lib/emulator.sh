# Helpers for the benchmark scripts (sourced, not run): the Convex/WorkOS emulator in process mode, its request log,
# medians, and the ClientApp of a Vite web project. Sourced by benchmarks/macro.sh and benchmarks/vs-engine.sh.
#
# The sourcing script sets, before calling anything here:
#   bench_work     its folder under artifacts/bench/ (ready file, emulator log under logs/)
#   bench_home     the HOME its builds run with (the Convex login is written there)
#   emulator_dll   the built ConvexAuthKit.Emulator.dll
#   repo_root      the repository root
# and defines die().
# After start_emulator: provision_host, workos_url, access_token, emulator_pid.

emulator_pid="" provision_host="" workos_url="" access_token=""

stop_emulator() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    emulator_pid=""
  fi
}

# A fresh emulator (a deployment without WorkOS) with every request delayed by the given latency, and the login
# `npx convex login` would leave: with CONVEX_PROVISION_HOST set, the CLI and ConvexAuthKit read ~/.convex-test-<port>.
start_emulator() { # [latency ms]
  stop_emulator
  local ready="$bench_work/emulator.json" port
  rm -f "$ready"
  dotnet "$emulator_dll" --ready-file "$ready" --latency-ms "${1:-0}" > "$bench_work/logs/emulator.log" 2>&1 < /dev/null &
  emulator_pid=$!
  for _ in $(seq 1 150); do [ -s "$ready" ] && break; sleep 0.1; done
  [ -s "$ready" ] || { cat "$bench_work/logs/emulator.log" >&2; die "the emulator did not start"; }
  provision_host="$(ready_field provisionHost "$ready")"
  workos_url="$(ready_field workosApiUrl "$ready")"
  access_token="$(ready_field accessToken "$ready")"
  port="${provision_host##*:}"
  mkdir -p "$bench_home/.convex-test-$port"
  printf '{"accessToken":"%s"}\n' "$access_token" > "$bench_home/.convex-test-$port/config.json"
}
ready_field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$2"; }

# One plain HTTP/1.0 request to the emulator's admin API on loopback with bash alone (curl is not assumed); the body
# of the answer on stdout.
emulator_http() { # method url
  local rest="${2#http://}" hostport path
  hostport="${rest%%/*}"; path="/${rest#*/}"
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  printf '%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: 0\r\n\r\n' "$1" "$path" "$hostport" >&3
  sed '1,/^\r*$/d' <&3
  exec 3<&-
}
reset_requests() { emulator_http POST "$provision_host/_emulator/reset-requests" > /dev/null; }
requests_json() { emulator_http GET "$provision_host/_emulator/requests"; }
count_requests() { requests_json | { grep -o '"service":' || true; } | wc -l | tr -d ' '; }
# The critical path in round trips: the longest chain of requests each sent after the previous one was answered
# (from the emulator's shared arrival/answer counter: an order, not a time).
round_trips() {
  requests_json | { grep -o '"arrived":[0-9]*,"answered":[0-9]*' || true; } \
    | sed -E 's/"arrived":([0-9]*),"answered":([0-9]*)/\1 \2/' | sort -n \
    | awk '{ a[NR] = $1; b[NR] = $2; d[NR] = 1
             for (j = 1; j < NR; j++) if (b[j] < a[NR] && d[j] + 1 > d[NR]) d[NR] = d[j] + 1
             if (d[NR] > m) m = d[NR] }
           END { print m + 0 }'
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Median of the numbers on stdin, ignoring anything else ("-"); "-" when there is none.
median() {
  { grep -E '^-?[0-9]+(\.[0-9]+)?$' || true; } | sort -g \
    | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# The ClientApp/ of the ASP.NET Core SPA templates' shape (Vite + React), with convex.json asking for
# authKit.dev.localEnvVars, and the .env.local `npx convex dev` leaves after choosing the emulator's dev deployment.
write_client_app() { # project dir
  local app="$1/ClientApp"
  mkdir -p "$app/convex" "$app/src"
  cat > "$app/package.json" <<'JSON'
{
  "name": "clientapp",
  "private": true,
  "type": "module",
  "scripts": { "dev": "vite", "build": "vite build" },
  "dependencies": { "@workos-inc/authkit-react": "^0.13.0", "convex": "^1.30.0", "react": "^19.1.0", "react-dom": "^19.1.0" },
  "devDependencies": { "@vitejs/plugin-react": "^5.0.0", "vite": "^7.1.0" }
}
JSON
  printf '%s\n' 'import { defineConfig } from "vite";' 'import react from "@vitejs/plugin-react";' '' \
    'export default defineConfig({ plugins: [react()], server: { port: 5173 } });' > "$app/vite.config.ts"
  printf '%s\n' '<!doctype html>' '<html lang="en"><head><meta charset="UTF-8" /><title>App</title></head>' \
    '<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>' > "$app/index.html"
  printf '%s\n' 'import { createRoot } from "react-dom/client";' \
    'createRoot(document.getElementById("root")!).render(<h1>App</h1>);' > "$app/src/main.tsx"
  cp "$repo_root/samples/ReactAspNetCore/ClientApp/convex/auth.config.ts" "$app/convex/auth.config.ts"
  printf '%s\n' '{' '  "authKit": {' '    "dev": {' '      "localEnvVars": {' \
    '        "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",' \
    '        "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"' '      }' '    }' '  }' '}' > "$app/convex.json"
  reset_env_local "$1"
}
reset_env_local() { # project dir
  printf '# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:happy-animal-123 # team: acme, project: my-app\n\nVITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n' \
    > "$1/ClientApp/.env.local"
}
