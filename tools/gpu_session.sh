#!/usr/bin/env bash
# The whole GPU check in one call (a lent machine has torch but not this project's pins): the suite of chapter 4a,
# then the demo family's greedy identity and tokens/s. Carry .whl (transformers 5.24, fastcore, regex) with it.
# Usage on the GPU machine, from the repo root: bash tools/gpu_session.sh OUTDIR
out=${1:-results}; mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.mem --format=csv
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
python3 -c "import torch, transformers, fastcore; print('torch', torch.__version__, 'transformers', transformers.__version__, torch.cuda.get_device_name())" || exit 1
start=$SECONDS
timeout 450 python3 -c "from specdecode_nb.cli import main; main(['bench-gpu', '--out', '$out/fast_path_gpu.json'])" 2>&1 | tee "$out/suite.log"
echo "suite took $((SECONDS - start)) s"
left=$((540 - SECONDS)); echo "demo check gets ${left} s"
[ $left -gt 30 ] && timeout $left python3 tools/gpu_demo_check.py --out "$out/demo_family_gpu.json" 2>&1 | tee "$out/demo.log"
echo "all took $SECONDS s"
