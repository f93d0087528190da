#!/bin/sh
# Install the system packages the tests need: Chromium and poppler-utils.
set -eu
if [ -x /usr/bin/chromium ] && command -v pdfinfo >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install Chromium (at /usr/bin/chromium) and poppler-utils with your package manager." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium poppler-utils fonts-dejavu-core >/dev/null
