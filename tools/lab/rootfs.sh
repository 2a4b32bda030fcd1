#!/usr/bin/env bash
# Build (once) the Debian bookworm root filesystem the lab's test hosts boot from.
#
#   tools/lab/rootfs.sh            # build if missing, else return at once
#   OCS_LAB_ROOTFS=/some/dir tools/lab/rootfs.sh
#
# The tree is built in a temporary directory next to the target and renamed
# at the very end, so an interrupted build is never mistaken for a finished one.
# Also installs the host-side tools the lab needs (debootstrap, systemd-nspawn,
# ip, ssh) when they are missing, since CI starts from a fresh machine.
set -euo pipefail

ROOTFS="${OCS_LAB_ROOTFS:-/var/cache/ocs-firewall/rootfs-bookworm}"
ROOTFS="${ROOTFS%/}"
SUITE=bookworm
# Bump when the recipe below changes: older trees are then rebuilt.
# 2: nmap (Debian's package) for the port_check sweep of the whole port space.
# 3: iptables, for the perimeter_acl scenario's gateways loading aerleon's iptables output.
RECIPE_VERSION=3
MARKER=".ocs-lab-rootfs"
INCLUDE=systemd,systemd-sysv,libpam-systemd,dbus,firewalld,netbase,python3,python3-apt,iproute2,procps,nftables,openssh-server,sudo,ca-certificates,nmap,iptables

log() { echo "rootfs.sh: $*" >&2; }

if [[ $EUID -ne 0 ]]; then
    log "must run as root"
    exit 1
fi

# Fast path: a finished tree of the current recipe is there.
if [[ -f "$ROOTFS/$MARKER" ]] && grep -qx "recipe=$RECIPE_VERSION" "$ROOTFS/$MARKER"; then
    log "rootfs ready at $ROOTFS (cached)"
    exit 0
fi

ensure_host_tools() {
    local missing=()
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
    command -v ip >/dev/null || missing+=(iproute2)
    command -v ssh >/dev/null || missing+=(openssh-client)
    command -v ssh-keygen >/dev/null || missing+=(openssh-client)
    command -v flock >/dev/null || missing+=(util-linux)
    [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || missing+=(debian-archive-keyring)
    if ((${#missing[@]})); then
        log "installing host packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# The mirror comes from the machine's own apt configuration (never hard-coded):
# first deb822 .sources stanza that serves the plain suite, else sources.list.
find_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        awk -v suite="$SUITE" '
            function flush() { if (uris != "" && has_suite && is_deb) { split(uris, u, " "); print u[1]; found = 1; exit } }
            /^[[:space:]]*$/ { flush(); uris = ""; has_suite = 0; is_deb = 0; next }
            /^[[:space:]]*#/ { next }
            tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") is_deb = 1 }
            tolower($1) == "uris:" { uris = ""; for (i = 2; i <= NF; i++) uris = uris " " $i }
            tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
            END { if (!found) flush() }
        ' "$f" | head -n1 | grep . && return 0
    done
    if [[ -f /etc/apt/sources.list ]]; then
        # deb [options] URI SUITE COMPONENTS...
        awk -v suite="$SUITE" '$1 == "deb" {
            i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
            if ($(i + 1) == suite) { print $i; exit }
        }' /etc/apt/sources.list | grep . && return 0
    fi
    return 1
}

ensure_host_tools
mkdir -p "$(dirname "$ROOTFS")"

# One builder at a time; a second caller waits and then finds the tree done.
exec 9>"$ROOTFS.lock"
flock 9
if [[ -f "$ROOTFS/$MARKER" ]] && grep -qx "recipe=$RECIPE_VERSION" "$ROOTFS/$MARKER"; then
    log "rootfs ready at $ROOTFS (built by a concurrent call)"
    exit 0
fi
if [[ -e "$ROOTFS" ]]; then
    if [[ -f "$ROOTFS/$MARKER" ]]; then
        log "rootfs at $ROOTFS is from an older recipe: rebuilding"
        rm -rf --one-file-system "$ROOTFS"
    else
        log "$ROOTFS exists but was not made by this script; remove it or set OCS_LAB_ROOTFS"
        exit 1
    fi
fi

# Unmount anything debootstrap left mounted (proc, sys) before deleting a tree.
remove_tree() {
    local dir=$1 m
    [[ -e $dir ]] || return 0
    while IFS= read -r m; do
        umount -l "$m" || true
    done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
    rm -rf --one-file-system "$dir"
}

# Leftovers of builds that were interrupted earlier.
for old in "$ROOTFS".tmp.*; do
    [[ -e $old ]] && { log "removing unfinished build $old"; remove_tree "$old"; }
done

TMP="$ROOTFS.tmp.$$"
trap 'remove_tree "$TMP"' EXIT

MIRROR="$(find_mirror || true)"
log "building $SUITE rootfs in $TMP (mirror: ${MIRROR:-debootstrap default})"
start=$(date +%s)
# shellcheck disable=SC2086  # MIRROR is deliberately omitted when empty
debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$TMP" $MIRROR >"$ROOTFS.debootstrap.log" 2>&1 || {
    log "debootstrap failed; last lines of $ROOTFS.debootstrap.log:"
    tail -n 30 "$ROOTFS.debootstrap.log" >&2
    exit 1
}

# Hosts get their hostname from nspawn's --machine=NAME.
rm -f "$TMP/etc/hostname"

# Root logs in with the lab's key (bind-mounted as authorized_keys), never a password.
mkdir -p "$TMP/root/.ssh"
chmod 0700 "$TMP/root/.ssh"
cat >"$TMP/etc/ssh/sshd_config.d/ocs-lab.conf" <<'EOF'
# Written by tools/lab/rootfs.sh: root login with keys only, fast logins.
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
EOF

# Addresses and routes are set from outside before boot: nothing inside may
# manage (and flush) the interfaces.
systemctl --root="$TMP" mask systemd-networkd.service systemd-networkd.socket \
    systemd-networkd-wait-online.service >/dev/null 2>&1 || true

# firewalld runs in every host (Debian enables it on install; make sure).
systemctl --root="$TMP" enable firewalld.service ssh.service >/dev/null 2>&1
# An empty machine-id lets every host get its own id at boot (nspawn --uuid).
: >"$TMP/etc/machine-id"
rm -f "$TMP/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$TMP/var/lib/dbus/machine-id"

# Downloaded .debs are not needed in the image.
rm -f "$TMP"/var/cache/apt/archives/*.deb

printf 'recipe=%s\nsuite=%s\nbuilt=%s\n' "$RECIPE_VERSION" "$SUITE" "$(date -u +%FT%TZ)" >"$TMP/$MARKER"
mv "$TMP" "$ROOTFS"
trap - EXIT
log "rootfs built at $ROOTFS in $(($(date +%s) - start)) s ($(du -sh "$ROOTFS" | cut -f1))"
