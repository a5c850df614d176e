#!/usr/bin/env bash
# Install the Debian packages dp-analysis needs, only those that are missing.
#
#   postgresql        the database server the PostgreSQL loading tests use
#   chromium          the browser the dashboard and page tests drive
#   fonts-liberation  fonts with common metrics, so screenshots read well
#   systemd           systemd-analyze, which checks the refresh's timer units
#   nodejs, npm       to install axe-core from the npm registry (npm ci)
#
# Runs `apt-get update` only when something is missing, so a second run takes
# well under a second. Needs root (or sudo) only when it has to install.
set -euo pipefail

packages=(postgresql chromium fonts-liberation systemd)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-system: Debian packages already installed: ${packages[*]}"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-system: need root to install: ${missing[*]}" >&2
        exit 1
    }
    sudo=(sudo)
fi

echo "install-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt run (an unattended upgrade, a colleague's shell) may hold the
# lock for a while: wait for it rather than fail.
apt_options=(-o DPkg::Lock::Timeout=600 -q)
"${sudo[@]}" apt-get "${apt_options[@]}" update
"${sudo[@]}" apt-get "${apt_options[@]}" install -y \
    "${missing[@]}"
