# Shared by scripts/demo, scripts/test and scripts/bench: installs what is missing (and only
# that), then builds. Meant to be sourced by those scripts: it turns on `set -euo pipefail` and
# changes to the repository root, so from an interactive shell source it in a subshell:
#   (source scripts/lib.sh && ensure_tools && build_all)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The version of a crate as Cargo.lock pins it.
locked_version() {
  local version
  version=$(awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$version" ] || { say "Cargo.lock has no $1"; return 1; }
  echo "$version"
}

# Compilers and headers the cargo tools need (worker-build links OpenSSL through native-tls).
BUILD_PACKAGES=(build-essential pkg-config libssl-dev)
# The real browser for the tests, and Japanese fonts so it renders Japanese.
BROWSER_PACKAGES=(chromium chromium-driver fonts-noto-cjk)

# ensure_apt PACKAGE...: installs the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "apt: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # `env` inside sudo: sudo's env_reset would drop a DEBIAN_FRONTEND set in front of it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
  # rust-toolchain.toml pins the toolchain and the wasm32 target; install both if absent.
  local channel
  channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
  if ! rustup run "$channel" rustc --version >/dev/null 2>&1; then
    say "rustup: installing $channel"
    rustup toolchain install "$channel" --profile minimal --component rustfmt,clippy,rust-src
  fi
  # grep without -q: under pipefail an early grep exit could fail rustup with EPIPE.
  if ! rustup target list --installed --toolchain "$channel" | grep -x wasm32-unknown-unknown >/dev/null; then
    say "rustup: adding wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown --toolchain "$channel"
  fi
  # rust-src: the widget rebuilds the standard library for its own panic strategy (build_widget).
  for component in rustfmt clippy rust-src; do
    rustup component list --installed --toolchain "$channel" | grep "^$component" >/dev/null ||
      rustup component add "$component" --toolchain "$channel"
  done
}

# cargo install CRATE VERSION [BIN] [--locked], skipped when BIN --version already says VERSION.
ensure_cargo_tool() {
  local crate=$1 version=$2 bin=$3 locked=${4:-}
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -E "(^| )${version}$" >/dev/null; then
    return
  fi
  say "cargo install $crate $version (first time only; several minutes)"
  # Build in target/ so an interrupted or repeated install reuses its work.
  CARGO_TARGET_DIR="$ROOT/target/cargo-install" cargo install "$crate" --version "$version" $locked
}

ensure_tools() {
  ensure_apt "${BUILD_PACKAGES[@]}"
  ensure_rust
  [ -f Cargo.lock ] || cargo generate-lockfile
  # wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; its own lockfile names a yanked
  # crate, so no --locked. worker-build follows the worker crate's line.
  local wasm_bindgen worker
  wasm_bindgen=$(locked_version wasm-bindgen)
  worker=$(locked_version worker)
  ensure_cargo_tool wasm-bindgen-cli "$wasm_bindgen" wasm-bindgen
  ensure_cargo_tool worker-build "$worker" worker-build --locked
  ensure_wasm_split
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# cargo-fuzz for the fuzz targets in fuzz/ (scripts/fuzz); pinned like the other tools.
CARGO_FUZZ_VERSION=0.13.2

# fuzz_targets: the targets fuzz/Cargo.toml lists (its [[bin]] names), one a line.
fuzz_targets() {
  [ -f fuzz/Cargo.toml ] || die "fuzz/Cargo.toml is missing"
  # grep -v exits 1 when it keeps no line; the caller checks for an empty list itself.
  sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | { grep -vx 'tsunagu-fuzz' || true; }
}

# fuzz_crashes LOG: how many crash inputs libFuzzer wrote during the run logged in LOG, by its
# own "Test unit written to .../crash-..." lines. libFuzzer's final stats carry no crash count:
# without -fork it stops at the first crash, so a finished run has 0 and a failed one 1.
fuzz_crashes() {
  grep -c 'Test unit written to .*crash-' "$1" || true
}

# run_fuzz SECONDS [TARGET...]: runs each fuzz target (default: all) for SECONDS and fails on the
# first crash. The corpus grows in target/fuzz-corpus (cached, not committed) from the seeds in
# fuzz/seeds; a crash input lands in fuzz/artifacts/TARGET/ to be kept as a regression test.
run_fuzz() {
  local seconds=$1
  shift
  ensure_cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz --locked
  local targets=("$@")
  if [ ${#targets[@]} -eq 0 ]; then
    # A command substitution rather than `< <(...)`: its failure stops the run (set -e), and an
    # empty list would otherwise fuzz nothing and pass.
    local listed
    listed=$(fuzz_targets)
    [ -n "$listed" ] || die "no fuzz target listed in fuzz/Cargo.toml"
    mapfile -t targets <<<"$listed"
  fi
  local target
  for target in "${targets[@]}"; do
    say "fuzz: $target for ${seconds}s"
    mkdir -p "target/fuzz-corpus/$target" "fuzz/seeds/$target"
    # The machine has only a stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z
    # flags. No sanitizer: the code forbids unsafe, and panics are what we look for.
    local log="$ROOT/target/fuzz-$target.log"
    if ! RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$ROOT/target/fuzz" \
      cargo fuzz run --fuzz-dir fuzz --sanitizer none "$target" \
      "target/fuzz-corpus/$target" "fuzz/seeds/$target" \
      -- -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      die "fuzz target $target failed with $(fuzz_crashes "$log") crash(es) (crash input in fuzz/artifacts/$target; log $log)"
    fi
    local executions crashes
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    crashes=$(fuzz_crashes "$log")
    # Without libFuzzer's final stats nothing shows the target ran at all.
    [ -n "$executions" ] || die "fuzz target $target: libFuzzer printed no final stats (log $log)"
    [ "$crashes" -eq 0 ] || die "fuzz target $target: $crashes crash(es) in a run that exited 0 (log $log)"
    printf '%s: %s executions, %s crashes\n' "$target" "$executions" "$crashes"
  done
}

# The splitter behind the widget's parts loaded on demand (widget/src/parts.rs).
WASM_SPLIT_VERSION=0.2.4

# ensure_wasm_split: wasm-split-cli, built from crates.io (its binary is behind a feature).
ensure_wasm_split() {
  if command -v wasm-split-cli >/dev/null &&
    [ -f "$HOME/.cargo/.crates.toml" ] &&
    grep "wasm_split_cli_support $WASM_SPLIT_VERSION" "$HOME/.cargo/.crates.toml" >/dev/null; then
    return
  fi
  say "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (first time only; several minutes)"
  CARGO_TARGET_DIR="$ROOT/target/cargo-install" cargo install wasm_split_cli_support \
    --version "$WASM_SPLIT_VERSION" --features build-binary --locked
}

# wasm_opt_widget IN OUT [PASS...]: the wasm-opt passes every module of the widget gets (the
# first module and each part), after any PASS given; see build_widget for why each. The splitter
# writes a name subsection binaryen does not know (and drops): that warning is left out.
wasm_opt_widget() {
  local in=$1 out=$2
  shift 2
  "$ROOT/node_modules/.bin/wasm-opt" "$@" \
    --flatten --rereloop -Oz -Oz --low-memory-unused --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$out" "$in" 2> >(grep -v "unknown name subsection" >&2)
}

build_widget() {
  say "build: widget (wasm32, release)"
  # Every flag here trades something nobody reads for bytes every visitor downloads. They are
  # unstable; RUSTC_BOOTSTRAP=1 lets the pinned stable toolchain take them, as for cargo-fuzz in
  # run_fuzz. Other RUSTFLAGS mean other artifacts, so the widget builds in a target dir of its
  # own rather than rebuilding the wasm32 crates it shares with the worker on every switch.
  # - -Zlocation-detail=none: no file, line and column for each panic site (4 KB gzip).
  # - -Zbuild-std with -Cpanic=immediate-abort: the standard library rebuilt so that a panic is a
  #   plain wasm trap, which drops every panic message and the formatting behind them (17 KB
  #   gzip). A panic already aborted the instance; now the console shows only "unreachable".
  # - --cfg erase_components: Leptos erases each component's view type (AnyView), so its build and
  #   rebuild code exists once per component rather than once per nested element tuple (26 KB
  #   gzip). cargo-leptos sets it for debug builds; it changes types, not behaviour.
  # - -Clink-args=--emit-relocs: the linker keeps its relocations, which the splitter needs to
  #   cut the module at the parts' entry points.
  RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort --cfg erase_components -Clink-args=--emit-relocs" \
    CARGO_TARGET_DIR="$ROOT/target/widget" \
    cargo build --quiet --release -p tsunagu-widget --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort
  local out=dist/public/widget split="$ROOT/target/widget/split"
  rm -rf "$out" "$split"
  mkdir -p "$out"
  # The splitter writes the first module (tsunagu_widget.wasm), one split_*.wasm per part, a
  # chunk_*.wasm for code two parts share, and __wasm_split.js, which fetches them relative to
  # itself and links them to the first module through the glue (--out-name).
  wasm-split-cli target/widget/wasm32-unknown-unknown/release/tsunagu_widget.wasm "$split" \
    --target web --out-name tsunagu_widget
  # The parts call into the first module by its linker's names: keep those exports, unmangled.
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$out" \
    "$split/tsunagu_widget.wasm"
  # Debian's wasm-opt (108) silently breaks this module; node_modules/.bin has binaryen 132.
  # A second -Oz round still finds ~1 KB (gzip); more rounds or -O3/-O4 do not pay. Rust never
  # lets an address wrap below 1 KiB, so --low-memory-unused may fold constant offsets (~1 KB).
  # Leptos depends on server_fn, and server_fn on wasm-streams, whose stream adapter classes
  # wasm-bindgen must export although the widget never makes a stream; with their exports gone
  # (--remove-exports, before the -Oz rounds: passes run in order) wasm-opt drops their code
  # (~2 KB). Their JS classes stay, never called. --flatten --rereloop first rebuilds the
  # control flow of every function from scratch, which -Oz then shrinks further (2 KB gzip;
  # about a minute). -O4 or --gufa instead cost more than they save.
  wasm_opt_widget "$out/tsunagu_widget_bg.wasm" "$out/tsunagu_widget_bg.wasm" \
    "--remove-exports=*intounderlying*"
  # Each part gets the same passes; its imports and exports are its links to the first module
  # and stay as they are.
  local part
  for part in "$split"/split_*.wasm "$split"/chunk_*.wasm; do
    [ -f "$part" ] || continue
    wasm_opt_widget "$part" "$out/$(basename "$part")"
  done
  # wasm-bindgen's glue and the splitter's linker are written to be read; minified the glue is
  # 2 KB (gzip) smaller. The glue imports the linker once per part under one key, each time the
  # same module, which esbuild warns about.
  local js
  for js in "$out/tsunagu_widget.js" "$split/__wasm_split.js"; do
    "$ROOT/node_modules/.bin/esbuild" "$js" --minify --format=esm --log-level=warning \
      --log-override:duplicate-object-key=silent \
      --outfile="$out/$(basename "$js" .js).min.js"
    mv "$out/$(basename "$js" .js).min.js" "$out/$(basename "$js")"
  done
  cp widget/loader.js "$out/tsunagu.js"
  cp widget/_headers dist/public/_headers
}

build_worker() {
  say "build: edge worker (worker-build, release)"
  # Local tools only: worker-build would otherwise download them from GitHub.
  (cd edge-worker &&
    WASM_BINDGEN_BIN="$(command -v wasm-bindgen)" \
    WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt" \
    ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild" \
    worker-build --release >/dev/null 2>"$ROOT/target/worker-build.log") ||
    { cat "$ROOT/target/worker-build.log" >&2; return 1; }
}

build_cli() {
  cargo build --quiet --release -p tsunagu-cli
}

build_all() {
  mkdir -p target
  build_cli
  build_widget
  build_worker
}
