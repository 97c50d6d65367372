#!/usr/bin/env bash
# Times seed_demo at national scale on PostgreSQL.
# Usage: DATABASE_URL=postgres://user:pass@127.0.0.1:5432/plie_bench bench/seed_demo.sh [ECHELLE [JUSQUA]]
# JUSQUA (AAAA-MM-JJ) is the last simulated day, today by default; 2017-12-31 for the letter's benchmarks.
# The database must exist and be empty or hold earlier demo data (it is replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL doit désigner une base PostgreSQL de mesure}"
echelle=${1:-100}
jusqua=${2:-$(date +%F)}
bin/installer
export DJANGO_SETTINGS_MODULE=plie.settings.dev
.venv/bin/python manage.py migrate --noinput -v 0
/usr/bin/time -f "durée totale %e s, mémoire maximale %M Ko" \
  .venv/bin/python manage.py seed_demo --seed 1 --echelle "$echelle" --jusqua "$jusqua" --vider --sans-fichiers
