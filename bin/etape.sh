# Sourced by bin/installer and bin/demo: one line per step, then its duration.
etape() {
  local libelle=$1
  shift
  local debut=$SECONDS
  echo "→ $libelle…"
  "$@"
  echo "  fait en $((SECONDS - debut)) s"
}
