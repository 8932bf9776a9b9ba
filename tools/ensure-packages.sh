#!/usr/bin/env bash
# Installs whatever of packaging/debian-packages.txt is missing. Quiet and quick when all are there.
set -euo pipefail
list="$(dirname "$0")/../packaging/debian-packages.txt"
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$list" | awk '{print $1}')
missing=()
for p in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "Installing missing packages: ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
