#!/usr/bin/env bash
# Installs everything Dangan needs on a Debian machine with Python 3.11: Debian packages (OCR, fonts,
# Chromium for browser tests, PDF rendering), the Python virtualenv, front-end assets from the npm
# registry, and compiled translations. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-chi-sim   # second OCR engine
  fonts-noto-cjk                        # CJK fonts for PDFs and generated test pages
  poppler-utils                         # pdftotext / pdftoppm
  chromium                              # Playwright browser tests (Debian's build; no browser download)
  gettext                               # compilemessages
  libpango-1.0-0 libpangoft2-1.0-0      # WeasyPrint
  libgl1 libglib2.0-0                   # OpenCV
  postgresql-client                     # pg_isready in the test script
)

# Node.js and npm fetch the front-end assets from the npm registry at install time (never at run time).
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "==> pip install"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'

echo "==> front-end assets"
bash scripts/build_assets.sh

echo "==> translations"
(cd dangan && ../.venv/bin/django-admin compilemessages --ignore '.venv' -v 0)
echo "==> installed"
