#!/usr/bin/env bash
# Builds the .deb with CPack and proves it installs and starts:
#  1. in a clean Debian 12 root made with debootstrap (when debootstrap is installed, we are
#     root and the Debian mirror answers), where `apt-get install ./infrastage_*.deb` must pull
#     every dependency the package declares; else
#  2. on this machine with dpkg -i (dependencies must already be here), removed afterwards.
# Either way: `infrastage-cli --version` runs, the CLI checks an installed example, the desktop
# entry and AppStream metainfo validate, and the icon is where the desktop entry says.
#
# usage: packaging/check-deb.sh [--no-chroot] [BUILD_DIR]     (default build/deb)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
chroot_ok=1
if [[ "${1:-}" == "--no-chroot" ]]; then chroot_ok=0; shift; fi
build="${1:-$here/build/deb}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

echo "== building the package in $build"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# The installed programs only (the tests are not packaged).
targets=()
known="$(ninja -C "$build" -t targets all)"
for t in infrastage infrastage-cli infrastage-node infrastage-render; do
    if grep -q "^cmake_object_order_depends_target_$t:" <<<"$known"; then targets+=("$t"); fi
done
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls -t "$build"/infrastage_*.deb | head -1)"
echo "== $deb"
dpkg-deb --field "$deb" Package Version Depends Recommends

check_installed() { # $1: command prefix to run inside the target system ("" or "chroot DIR")
    local run="$1"
    $run infrastage-cli --version
    $run infrastage-cli check /usr/share/infrastage/examples/three-server.infra.json >/dev/null || [[ $? -eq 1 ]]
    if [[ " ${targets[*]} " == *" infrastage "* ]]; then $run test -x /usr/bin/infrastage; fi
    $run test -f /usr/share/icons/hicolor/scalable/apps/org.infrastage.Infrastage.svg
    $run test -f /usr/share/metainfo/org.infrastage.Infrastage.metainfo.xml
    $run grep -q '^Exec=infrastage' /usr/share/applications/org.infrastage.Infrastage.desktop
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "${2:-}/usr/share/applications/org.infrastage.Infrastage.desktop"
    fi
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net "${2:-}/usr/share/metainfo/org.infrastage.Infrastage.metainfo.xml"
    fi
    echo "== the installed package works"
}

if [[ $chroot_ok -eq 1 && $(id -u) -eq 0 ]] && command -v debootstrap >/dev/null; then
    root="$(mktemp -d /tmp/infrastage-debian12.XXXXXX)"
    trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
    echo "== debootstrap: a clean Debian 12 in $root"
    if debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1; then
        cp "$deb" "$root/tmp/"
        mount -t proc proc "$root/proc"
        chroot "$root" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq "/tmp/$(basename "$deb")"
        check_installed "chroot $root" "$root"
        if [[ -x "$root/usr/bin/infrastage" ]]; then
            # The GUI's libraries all resolve in the clean system.
            if chroot "$root" ldd /usr/bin/infrastage | grep 'not found'; then exit 1; fi
        fi
        rm -f "$root.log"
        exit 0
    fi
    echo "debootstrap failed (see $root.log); falling back to dpkg -i on this machine"
fi

echo "== dpkg -i on this machine"
dpkg -i "$deb"
trap 'dpkg -r infrastage >/dev/null' EXIT
check_installed ""
