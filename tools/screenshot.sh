#!/bin/sh
# Takes the documentation's screenshots of the designer under Xvfb, captured with
# ImageMagick's `import` (not /usr/local/bin/convert, which is something else):
#   designer.png     the reference design, the load balancer's single-point-of-failure finding
#   export-menu.png  File > Export opened (a click and a key sent with xdotool, as by a person)
#   imported.png     the reference design's Mermaid diagram opened through the importer
#   tidy-layout.png  the secured example after Arrange > Tidy Layout (Ctrl+L), fitted (Ctrl+0)
#   grade-dialog.png File > Grade Against > three-server on the reference design, after its run
#   live-*.png       the design running: a request followed hop by hop, presenter mode; a run
#                    recorded and replayed with nothing running; a lesson played in the
#                    Lesson dock
#   tools/screenshot.sh [BUILD_DIR] [OUTPUT_DIR]
# Needs xvfb, xauth, imagemagick and xdotool (packaging/debian-packages.txt).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/ci}
outdir=${2:-$here/docs/screenshots}
width=1440
height=900

for tool in Xvfb xauth xdotool /usr/bin/import; do
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
mkdir -p "$outdir"

# shoot NAME "INPUT" ARGS...: starts the designer with fresh settings (the default dock layout,
# no recent files, no recovery prompt) on ARGS, plays INPUT (xdotool key names, or click:X,Y
# for a left click; may be empty), captures the screen to OUTPUT_DIR/NAME.png and closes the
# designer. Xvfb has no window manager to give the window focus, so input starts with a click.
shoot() {
    name=$1
    keys=$2
    shift 2
    rm -rf "$work/config" "$work/data"
    DISPLAY=":$display" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
        XDG_RUNTIME_DIR="$work" QT_QPA_PLATFORM=xcb \
        "$build/bin/infrastage" -geometry "${width}x${height}+0+0" "$@" >"$work/app.log" 2>&1 &
    app_pid=$!
    sleep "${SCREENSHOT_DELAY:-4}"
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; echo "screenshot.sh: the designer exited" >&2; exit 1; }
    for key in $keys; do
        case $key in
        click:*)
            xy=${key#click:}
            DISPLAY=":$display" xdotool mousemove "${xy%,*}" "${xy#*,}" click 1 ;;
        rclick:*)
            xy=${key#rclick:}
            DISPLAY=":$display" xdotool mousemove "${xy%,*}" "${xy#*,}" click 3 ;;
        wait:*) sleep "${key#wait:}" ;;
        *) DISPLAY=":$display" xdotool key "$key" ;;
        esac
        sleep 0.7
    done
    DISPLAY=":$display" /usr/bin/import -window root "$outdir/$name.png"
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=
    echo "screenshot.sh: wrote $outdir/$name.png"
}

shoot designer "" --select lb --finding spof.load-balancer "$here/examples/three-server.infra.json"
shoot export-menu "click:20,8 e" "$here/examples/three-server.infra.json"
shoot imported "" "$here/tests/exchange/data/three-server-design.md"
shoot tidy-layout "click:700,300 ctrl+l ctrl+0 wait:1" "$here/examples/secured-monitored.infra.json"
# File (click), Grade Against (g), the fourth shipped rubric: three-server; the run takes seconds.
shoot grade-dialog "click:20,8 g Down Down Down Return wait:${GRADE_WAIT:-8}" \
    "$here/examples/three-server.infra.json"
# The live view: Run (F5), one request followed hop by hop (Ctrl+R), the player at step 5.
shoot live-walkthrough "click:700,300 F5 wait:3 ctrl+r wait:4 Escape alt+Right alt+Right alt+Right alt+Right wait:2" \
    "$here/examples/three-server.infra.json"
# Presenter mode (F11): full screen, the caption across the canvas, Space steps.
shoot live-presenter "click:700,300 F5 wait:3 ctrl+r wait:4 F11 wait:1 space space space wait:2" \
    "$here/examples/three-server.infra.json"
# Record and replay: a run with one request is stopped (and so recorded), then replayed
# (Ctrl+Shift+R) with nothing running: the REPLAY banner, the bar and the walkthrough.
shoot live-replay "click:700,300 F5 wait:3 ctrl+r wait:3 shift+F5 wait:3 ctrl+shift+r wait:5" \
    "$here/examples/three-server.infra.json"
# A lesson (Lessons menu, the third shipped one: kill a server under load) played to its third
# step (Alt+N: Next Step), then the Lesson dock's tab brought to the front.
shoot live-lesson "click:700,300 alt+l Down Down Down Return wait:10 alt+n wait:4 alt+n wait:4 click:1270,647 wait:1" \
    "$here/examples/three-server.infra.json"
