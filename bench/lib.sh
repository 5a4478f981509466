# Helpers shared by the live benchmarks (bench/live.sh, bench/live-nodes.sh); sourced, not run. They expect `$tmp`,
# the run's temporary directory, where each server writes `$tmp/LABEL.log`.

# A port below the ephemeral range (32768 and up, where the clients' own ports come from) that nothing listens on.
free_port() {
  local port
  while :; do
    port=$((10000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# Waits until a server answers on a TCP port (bare server) or on /healthz (amane); fails if it exited.
wait_for() { # pid, url-or-port, label
  local pid=$1 what=$2 label=$3
  for _ in $(seq 1 1200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$label exited before it was ready; its log:" >&2
      cat "$tmp/$label.log" >&2 || true
      exit 1
    fi
    case $what in
      http*) curl -fs "$what" >/dev/null 2>&1 && return 0 ;;
      *) (exec 3<>"/dev/tcp/127.0.0.1/$what") 2>/dev/null && return 0 ;;
    esac
    sleep 0.05
  done
  echo "$label was not ready after 60 s" >&2
  exit 1
}
