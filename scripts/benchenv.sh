# Sourced by the benchmark scripts before they measure anything.
#
# The C locale, whatever the machine's: sort and join then agree on the
# order of names (byte order), and sort -g, awk, bc and printf read and
# write numbers with a decimal point. A locale that is set but not
# installed (LC_ALL=en_US.UTF-8 on a machine without it) changes nothing.
export LC_ALL=C
unset LANGUAGE

# runinfo prints where and when the figures that follow were taken: the
# date (UTC), the commit (and whether the tree had changes), the load
# average, and the machine: cores, processor, memory, Go version.
runinfo() {
  local commit=unknown cpu mem
  if commit=$(git rev-parse --short HEAD 2> /dev/null); then
    git diff --quiet HEAD -- . 2> /dev/null || commit="$commit (with changes)"
  else
    commit=unknown
  fi
  cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2> /dev/null || true)
  mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576; exit }' /proc/meminfo 2> /dev/null || true)
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $commit, load average: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
  echo "machine: $(nproc 2> /dev/null || echo "?") cores, ${cpu:-unknown processor}, ${mem:-unknown memory}, $(go env GOVERSION 2> /dev/null || echo "go unknown") $(go env GOOS 2> /dev/null)/$(go env GOARCH 2> /dev/null)"
}
