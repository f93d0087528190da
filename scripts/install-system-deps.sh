#!/bin/sh
# Install the system packages that the tests need and that are missing. Building
# and serving the site need no system packages: the PDF engine (typst) and its
# fonts come from Python packages.
#   sh scripts/install-system-deps.sh check   poppler-utils and (if missing) Node.js and a Java
#                                             runtime (for the HTML checker), for `make check`
#   sh scripts/install-system-deps.sh test    those, plus Chromium and the DejaVu fonts the browser tests were measured with
set -eu
PACKAGES="poppler-utils"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
command -v java >/dev/null 2>&1 || PACKAGES="$PACKAGES default-jre-headless"
if [ "${1:-test}" = "test" ]; then
  PACKAGES="$PACKAGES chromium fonts-dejavu-core"
fi
missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these packages with your package manager:$missing" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
