#!/usr/bin/env bash
# The demo on the embedded lab (make demo / make demo-down):
#
#   tools/demo.sh up       bring the lab up (internet | fw-ext | edge | fw-int | frontend, mediation; real hosts in
#                          network namespaces), run playbooks/site.yml then playbooks/verify.yml, print
#                          the reachability table, the sweep of the whole port space from every probe
#                          place (its figures at the end) and where the port matrix and the diagram went
#   tools/demo.sh down     remove the lab and everything the demo started (hosts, namespaces, mounts,
#                          SSH connections); says what is left, if anything
#   tools/demo.sh status   the lab's state
#
# A lab that is already up is reused (a second `up` changes nothing and is quick); a lab that is half
# up or half torn down is cleaned up and built again. Needs root, a venv with Ansible (.venv) and the
# collections under build/ (`make demo` sets both up first). Files go to $OCS_DEMO_DIR (build/demo).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB=demo
SPEC="$REPO/tools/lab/demo.yml"
LAB_TOOL="$REPO/tools/lab/lab.py"
STATE_ROOT="${OCS_LAB_STATE:-/run/ocs-lab}"
STATE="$STATE_ROOT/$LAB"
VENV="${VENV:-$REPO/.venv}"
OUT="${OCS_DEMO_DIR:-$REPO/build/demo}"
LAB_INVENTORY="$REPO/playbooks/inventories/lab"
# Ansible's SSH connections to the lab's hosts live here, so `down` can close exactly those.
CONTROL_DIR="$STATE_ROOT/$LAB-ssh"

export OCS_DEMO_DIR="$OUT"
export PATH="$VENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$REPO/build/collections:$REPO/build/deps"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_NOCOLOR=1
export ANSIBLE_PIPELINING=1
export ANSIBLE_SSH_CONTROL_PATH_DIR="$CONTROL_DIR"
export ANSIBLE_RETRY_FILES_ENABLED=0

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

need_root() {
    [[ $EUID -eq 0 ]] || die "the demo needs root: it creates network namespaces and boots test hosts with \
systemd-nspawn. \`make render\` renders the example inventory without any host."
}

need_setup() {
    [[ -x "$VENV/bin/ansible-playbook" && -d "$REPO/build/deps/ansible_collections/ansible/posix" \
        && -e "$REPO/build/collections/ansible_collections/ocs/firewall" ]] \
        || die "Ansible and the collections are not set up: run \`make demo\` (it runs \`make setup\` first)"
}

need_graphviz() {
    command -v dot >/dev/null && return 0
    command -v apt-get >/dev/null || die "Graphviz (dot) is missing and this is no Debian machine: install graphviz"
    say "installing Graphviz (Debian package graphviz) for the flow diagram"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null \
        || die "apt-get install graphviz failed"
}

# The lab's state in words: up, unhealthy (half up / half torn down), leftovers, none.
lab_state() {
    local line
    line="$("$VENV/bin/python" "$LAB_TOOL" status 2>/dev/null | grep -E "^$LAB: " || true)"
    case "$line" in
        "") echo none ;;
        "$LAB: up "*) echo up ;;
        "$LAB: no state, leftovers: none") echo none ;;
        "$LAB: no state"*) echo leftovers ;;
        *) echo unhealthy ;;
    esac
}

# Close Ansible's SSH master connections to the lab (by their control sockets), then end any that
# did not go (by the pid whose command line names our control folder).
close_ssh() {
    local sock pid
    if [[ -d "$CONTROL_DIR" ]]; then
        for sock in "$CONTROL_DIR"/*; do
            [[ -S "$sock" ]] || continue
            ssh -o ControlPath="$sock" -O exit lab-host >/dev/null 2>&1 || true
        done
    fi
    for pid in $(pgrep -f "^ssh: $CONTROL_DIR/" || true); do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$CONTROL_DIR"
}

# What of the lab is still on the machine: namespaces, processes, mounts, the controller's veth.
leftovers() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^ocslab_${LAB}(_|$)" | sed 's/^/namespace /' || true
    pgrep -a -f "ocslab[_-]${LAB}([_-]|$)|^ssh: $CONTROL_DIR/" | sed 's/^/process /' || true
    awk -v own="/run/netns/ocslab_${LAB}" '$2 == own || index($2, own "_") == 1 { print "mount " $2 }' /proc/mounts
    [[ -e "/sys/class/net/ocs-$LAB" ]] && echo "interface ocs-$LAB"
    return 0
}

# Run a playbook against the lab; its output goes to $OUT/NAME.log, the recap to the terminal.
run_playbook() {
    local name=$1 inventory=$2 start rc=0
    start=$(now)
    ansible-playbook -i "$LAB_INVENTORY" -i "$inventory" "$REPO/playbooks/$name.yml" >"$OUT/$name.log" 2>&1 || rc=$?
    say "$name.yml: $(recap_summary "$OUT/$name.log") in $(since "$start") s (log: $OUT/$name.log)"
    if ((rc != 0)); then
        grep -E '^(fatal|failed):|^ERROR!|^\[ERROR\]' "$OUT/$name.log" | cut -c1-600 >&2 || true
    fi
    return $rc
}

# "ok=12 changed=0 unreachable=0 failed=0" summed over the hosts of the recap.
recap_summary() {
    awk '/^PLAY RECAP/ { recap = 1; next }
         recap && /ok=/ { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) sum[kv[1]] += kv[2] }
         END { printf "ok=%d changed=%d unreachable=%d failed=%d", sum["ok"], sum["changed"], sum["unreachable"], sum["failed"] }' "$1"
}

cmd_up() {
    local total state up_json inventory start rc=0
    need_root
    need_setup
    total=$(now)
    mkdir -p "$OUT"
    need_graphviz

    state="$(lab_state)"
    case "$state" in
        up) say "lab $LAB is already up: reusing it" ;;
        unhealthy) say "lab $LAB is half up or half torn down: cleaning it up and building it again"; close_ssh ;;
        leftovers) say "leftovers of lab $LAB found: removing them first"; close_ssh ;;
        none) say "bringing lab $LAB up (the first time this also builds the test hosts' root filesystem, a few minutes)" ;;
    esac
    start=$(now)
    if ! up_json="$("$VENV/bin/python" "$LAB_TOOL" up "$SPEC" --json 2>"$OUT/lab.log")"; then
        if grep -q "already up with a different spec" "$OUT/lab.log"; then
            say "lab $LAB is up with another spec: taking it down and building it again"
            close_ssh
            "$VENV/bin/python" "$LAB_TOOL" down --name "$LAB" 2>>"$OUT/lab.log" || true
            up_json="$("$VENV/bin/python" "$LAB_TOOL" up "$SPEC" --json 2>>"$OUT/lab.log")" \
                || { cat "$OUT/lab.log" >&2; die "the lab did not come up (log: $OUT/lab.log)"; }
        else
            cat "$OUT/lab.log" >&2
            die "the lab did not come up (log: $OUT/lab.log); \`make demo-down\` removes what is left"
        fi
    fi
    inventory="$(printf '%s' "$up_json" | "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["inventory"])')"
    say "lab $LAB is up in $(since "$start") s: internet | fw-ext | edge | fw-int | frontend, mediation (inventory $inventory)"

    # Hosts answer SSH; wait until each has booted and runs firewalld.
    start=$(now)
    ansible all -i "$LAB_INVENTORY" -i "$inventory" -o -m ansible.builtin.shell \
        -a 'timeout 120 systemctl is-system-running --wait >/dev/null; systemctl is-active firewalld' \
        >"$OUT/boot.log" 2>&1 \
        || { cat "$OUT/boot.log" >&2; die "a lab host did not finish booting (firewalld not active); log: $OUT/boot.log"; }
    say "every host booted, firewalld running ($(since "$start") s)"

    run_playbook site "$inventory" || die "site.yml failed: see $OUT/site.log"
    run_playbook verify "$inventory" || rc=$?

    echo
    if [[ -s "$OUT/reachability.txt" ]]; then
        cat "$OUT/reachability.txt"
    else
        say "no reachability table was written; see $OUT/verify.log"
    fi
    echo
    say "port matrix: $OUT/port-matrix/port-matrix.md, .csv and .html (open the .html in a browser)"
    say "flow diagram: $OUT/port-matrix/port-flows.svg and .png"
    say "reachability: $OUT/reachability.txt and .json"
    # The sweep's figures, one line per probe place (every TCP and UDP port of every target address).
    if [[ -s "$OUT/reachability.txt" ]]; then
        grep -E '^sweep from ' "$OUT/reachability.txt" | sed 's/^/demo: /' || say "no sweep figures (see $OUT/verify.log)"
    fi
    say "the lab stays up (ssh -i $STATE/id_ed25519 root@<host>, hosts in $inventory); \`make demo-down\` removes it"
    say "total $(since "$total") s"
    ((rc == 0)) || die "verify.yml failed: the traffic differs from the model (see the table above and $OUT/verify.log)"
}

cmd_down() {
    local start left
    need_root
    start=$(now)
    close_ssh
    if [[ -x "$VENV/bin/python" ]]; then
        "$VENV/bin/python" "$LAB_TOOL" down --name "$LAB" || die "lab.py down failed (see above)"
    else
        python3 "$LAB_TOOL" down --name "$LAB" || die "lab.py down failed (see above)"
    fi
    close_ssh
    left="$(leftovers)"
    if [[ -n "$left" ]]; then
        printf '%s\n' "$left" >&2
        die "lab $LAB is not completely gone (above); run \`make demo-down\` again"
    fi
    say "lab $LAB is gone: no namespaces, processes, mounts or SSH connections left ($(since "$start") s)"
}

cmd_status() {
    local state
    state="$(lab_state)"
    say "lab $LAB: $state"
    [[ "$state" == none ]] || "$VENV/bin/python" "$LAB_TOOL" status | awk -v lab="$LAB" '$1 == lab ":" { p = 1; print; next } /^[^ ]/ { p = 0 } p'
    left="$(leftovers)"
    [[ -z "$left" ]] || printf '%s\n' "$left"
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) need_root; cmd_status ;;
    *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
