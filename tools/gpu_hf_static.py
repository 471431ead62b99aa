"""On a GPU: HF `generate` with its static cache and torch.compile on the suite's 7B shape, the one figure of `bench_gpu` that may miss its deadline."""
import json, sys, time
import torch
from transformers import CompileConfig
from specdecode_nb.fast_path import GPU_SUITE, bench_shapes, median_seconds, memory_bandwidth, weight_bytes

s, out, start = GPU_SUITE, sys.argv[1], time.perf_counter()
target = bench_shapes(s["target"][0], torch.bfloat16, "cuda", s["target"][1], s["vocab_size"])
ids = torch.randint(0, s["vocab_size"], (1, s["prompt_tokens"]), generator=torch.Generator().manual_seed(0)).cuda()  # (1, L)
n = s["new_tokens"]
kw = dict(max_new_tokens=n, min_new_tokens=n, do_sample=False, eos_token_id=None, pad_token_id=0)
run = lambda: target.generate(ids, attention_mask=torch.ones_like(ids), cache_implementation="static", compile_config=CompileConfig(), **kw)
ms = 1000 * median_seconds(run, s["repeats"]) / n
floor = 1000 * weight_bytes(target) / memory_bandwidth("cuda", 2**30)
r = dict(hf_static_compiled=dict(ms_per_token=ms, hbm_floor_ms_per_token=floor, fraction_of_floor=floor / ms), seconds=round(time.perf_counter() - start, 1))
open(out, "w").write(json.dumps(r, indent=1)); print(r)
