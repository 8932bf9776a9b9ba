#!/bin/sh
# Takes the README's screenshot: the designer on the reference design, under Xvfb, captured
# with ImageMagick's `import` (not /usr/local/bin/convert, which is something else).
#   tools/screenshot.sh [BUILD_DIR] [OUTPUT.png]
# Needs xvfb, xauth and imagemagick (packaging/debian-packages.txt).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/ci}
out=${2:-$here/docs/screenshots/designer.png}
width=1440
height=900

for tool in Xvfb xauth /usr/bin/import; do
    command -v "$tool" >/dev/null 2>&1 || { echo "screenshot.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$build/bin/infrastage" ] || { echo "screenshot.sh: no $build/bin/infrastage; build first" >&2; exit 2; }

work=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A display number nobody uses.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
    display=$((display + 1))
done
Xvfb ":$display" -screen 0 "${width}x${height}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$display" ] && break
    sleep 0.1
done

# Fresh settings: the default dock layout, no recent files, no recovery prompt.
DISPLAY=":$display" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    XDG_RUNTIME_DIR="$work" QT_QPA_PLATFORM=xcb \
    "$build/bin/infrastage" -geometry "${width}x${height}+0+0" \
    --select lb --finding spof.load-balancer \
    "$here/examples/three-server.infra.json" >"$work/app.log" 2>&1 &
app_pid=$!
sleep "${SCREENSHOT_DELAY:-4}"
kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; echo "screenshot.sh: the designer exited" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
DISPLAY=":$display" /usr/bin/import -window root "$out"
echo "screenshot.sh: wrote $out"
