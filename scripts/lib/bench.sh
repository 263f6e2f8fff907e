# Shared by the benchmark scripts (scripts/bench-http, scripts/bench-ews, scripts/bench-voice); source it after setting
# BENCH_NAME.
# Only ever talks to 127.0.0.1.

progress() { printf '== %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "${BENCH_NAME:-bench}" "$*" >&2; exit 1; }

stop_pid() { # pid: TERM, wait up to 5 s, then KILL
    local pid="$1" _
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# The port a server started with --port 0 names in its first JSON log line: log file, pid, name.
wait_for_port() {
    local log="$1" pid="$2" name="$3" deadline=$((SECONDS + 30)) first
    while [ "$SECONDS" -lt "$deadline" ]; do
        # Only a complete first line counts; a half-written one could carry half a port number.
        if [ -s "$log" ] && [ "$(wc -l <"$log")" -ge 1 ]; then
            first=$(head -n 1 "$log")
            if [[ $first =~ \"port\":\"([0-9]+)\" ]]; then
                echo "${BASH_REMATCH[1]}"
                return 0
            fi
            die "$name's first log line does not name its port: $first"
        fi
        kill -0 "$pid" 2>/dev/null || die "$name exited before listening; its log: $(cat "$log")"
        sleep 0.1
    done
    die "$name did not log its port within 30 s"
}

# GET a path on the fake (FAKE_PORT); prints the body. Never a proxy, never longer than 5 s.
fake_get() {
    curl --silent --show-error --fail --noproxy '*' --max-time 5 -H 'Connection: close' \
        "http://127.0.0.1:$FAKE_PORT$1"
}

# "sum count" of the fake's time answering EWS POSTs (route "fallback"), from /_fake/metrics.
fake_ews_time() {
    local metrics
    metrics=$(fake_get /_fake/metrics) || die "GET /_fake/metrics failed"
    awk '
        $1 == "http_request_duration_seconds_sum{method=\"POST\",route=\"fallback\"}" { sum = $2 }
        $1 == "http_request_duration_seconds_count{method=\"POST\",route=\"fallback\"}" { count = $2 }
        END { printf "%s %s\n", (sum == "" ? 0 : sum), (count == "" ? 0 : count) }' <<<"$metrics"
}

# A number field of a one-line JSON object.
json_number() { # json field
    [[ $1 =~ \"$2\":(-?[0-9.eE+-]+) ]] || die "no $2 in: $1"
    echo "${BASH_REMATCH[1]}"
}

# CPU time (user + system) in clock ticks of the given pids together (a pid that is gone counts 0).
proc_ticks() {
    local pid total=0 fields
    for pid in "$@"; do
        fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        # After "pid (comm) ", utime and stime are fields 12 and 13.
        total=$((total + $(awk '{ print $12 + $13 }' <<<"$fields")))
    done
    echo "$total"
}

# CPU seconds (user + system) of this shell's reaped children (the load generator under timeout, mostly),
# from the `times` builtin; it must run in this shell, not in a subshell, hence the file.
# Usage: `times >"$WORK/times"; x=$(children_cpu_seconds)`.
children_cpu_seconds() {
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print t }' "$WORK/times"
}

# Busy and total ticks of the whole machine, as "busy total".
machine_ticks() {
    awk '$1 == "cpu" { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total; exit }' /proc/stat
}

# The median of the numbers on standard input ("nan" when there are none).
median_of() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The commit measured, marked when the working tree differs from it.
measured_commit() {
    local commit
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)$(git ls-files --others --exclude-standard -- Sources Package.swift 2>/dev/null)" ]; then
        commit="$commit (working tree has uncommitted changes)"
    fi
    echo "$commit"
}
