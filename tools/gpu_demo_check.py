"""On a GPU: the demo family decoded greedily on compiled StaticBackends in fp32 and bf16, speculative against plain, with tokens/s.

Writes a JSON with, per dtype: how many prompts give output identical to plain decoding, τ, and tokens/s of HF `generate`,
our plain static decode, and speculative decoding (static and HF backends), with the generic independent draft and with the
generic feature head over a compiled target that hands it its features (`StaticBackend(features=True)`), against the same
head over an uncompiled one, and the generic head drafting for all prompts as one batch, in one pass and row by row.
Run: python tools/gpu_demo_check.py --out FILE (--device cpu: a quick check that it runs)
"""
import argparse, json, time
from pathlib import Path

import torch
from specdecode_nb.backends import create_backend
from specdecode_nb.static_backend import StaticBackend
from specdecode_nb.decoding import speculative_decode, standard_decode, hf_generate
from specdecode_nb.family import demo_path, format_prompt
from specdecode_nb.feature_draft import BatchFeatureDrafter, demo_head_path, head_drafter

PROMPTS = [("code", "def fibonacci(n):\n    "), ("code", "def is_prime(n):\n    \"\"\"Return True if n is prime.\"\"\"\n"),
           ("code", "class Stack:\n    def __init__(self):\n"), ("chat", "How do I make a good cup of tea?"),
           ("chat", "Give me three tips for learning a new language."), ("chat", "What is the capital of France?"),
           ("reasoning", "Tom has 3 apples and buys 5 more. How many apples does he have?"),
           ("reasoning", "A train travels 60 km in 1.5 hours. What is its speed in km/h?")]

def sync():
    if torch.cuda.is_available(): torch.cuda.synchronize()

def wall(fn) -> float:
    "Seconds of fn() after one warm-up call, synchronized."
    fn(); sync(); start = time.perf_counter(); fn(); sync()
    return time.perf_counter() - start

def check(dtype, n: int, K: int, device: str = "cuda") -> dict:
    "Greedy identity and tokens/s of the demo target with its generic draft, in `dtype`, on compiled static backends."
    t, d = (create_backend(demo_path(name), dtype=dtype, device=device) for name in ("target", "generic"))
    compile = device == "cuda" or None  # compiled on a GPU; on a CPU, as StaticBackend decides (uncompiled)
    st, sd = (StaticBackend(b.model, b.tokenizer, max_length=1024, name=f"{name} {dtype}") for b, name in ((t, "target"), (d, "generic")))
    sf = StaticBackend(t.model, t.tokenizer, max_length=1024, name=f"target with features {dtype}", features=True, compile=compile)
    se = StaticBackend(t.model, t.tokenizer, max_length=1024, name=f"target uncompiled {dtype}", compile=False)
    head = head_drafter(demo_head_path("generic"), sf)  # over the compiled target: its recorder listens to sf alone
    prompts = [t.tokenizer(format_prompt(t.tokenizer, dom, text), return_tensors="pt").input_ids.to(device) for dom, text in PROMPTS]
    identical, taus, head_identical, head_taus, refs = [], [], [], [], []
    for ids in prompts:
        ref, _ = standard_decode(st, ids, n, eos_token_id=[]); refs.append(ref)
        out, m = speculative_decode(st, sd, ids, n, K=K, eos_token_id=[])
        identical.append(torch.equal(ref.cpu(), out.cpu())); taus.append(m.tau)
        out, m = speculative_decode(sf, head, ids, n, K=K, eos_token_id=[])
        head_identical.append(torch.equal(ref.cpu(), out.cpu())); head_taus.append(m.tau)
    tokens = n * len(prompts)
    loops = dict(hf_generate=lambda: [hf_generate(t.model, ids, n) for ids in prompts],
                 ours_plain_static=lambda: [standard_decode(st, ids, n, eos_token_id=[]) for ids in prompts],
                 ours_speculative_static=lambda: [speculative_decode(st, sd, ids, n, K=K, eos_token_id=[]) for ids in prompts],
                 ours_speculative_hf=lambda: [speculative_decode(t, d, ids, n, K=K, eos_token_id=[]) for ids in prompts],
                 hf_assisted=lambda: [hf_generate(t.model, ids, n, d.model, K) for ids in prompts],
                 ours_head_compiled_static=lambda: [speculative_decode(sf, head, ids, n, K=K, eos_token_id=[]) for ids in prompts])
    tok_s = {}
    for name, fn in loops.items():
        try: tok_s[name] = tokens / wall(fn)
        except Exception as e: tok_s[name] = f"{type(e).__name__}: {e}"[:300]
    head.close()
    batch = StaticBackend(t.model, t.tokenizer, max_batch_size=len(prompts), max_length=1024, name=f"batch target {dtype}", features=True, compile=compile)
    rows, batch_identical = [ids[0].tolist() for ids in prompts], {}
    for one_pass in (True, False):  # the head drafting for every row in one pass, then row by row
        name, bd = "one_pass" if one_pass else "row_by_row", None
        try:
            bd = BatchFeatureDrafter(head.model, batch, one_pass=one_pass)
            outs, _ = speculative_decode(batch, bd, rows, n, K=K, eos_token_id=[])
            batch_identical[name] = sum(torch.equal(o.cpu(), r.cpu()) for o, r in zip(outs, refs))
            tok_s[f"ours_head_batch_{name}"] = tokens / wall(lambda: speculative_decode(batch, bd, rows, n, K=K, eos_token_id=[]))
        except Exception as e: tok_s[f"ours_head_batch_{name}"] = f"{type(e).__name__}: {e}"[:300]
        finally:
            if bd is not None: bd.close()
    head = head_drafter(demo_head_path("generic"), se)  # its recorder hooks t.model, which every loop above uses: timed last, then removed
    try: tok_s["ours_head_uncompiled_static"] = tokens / wall(lambda: [speculative_decode(se, head, ids, n, K=K, eos_token_id=[]) for ids in prompts])
    except Exception as e: tok_s["ours_head_uncompiled_static"] = f"{type(e).__name__}: {e}"[:300]
    finally: head.close()
    return dict(dtype=str(dtype), prompts=len(prompts), new_tokens=n, K=K, identical=sum(identical), tau=sum(taus) / len(taus),
                head_identical=sum(head_identical), head_tau=sum(head_taus) / len(head_taus), batch_identical=batch_identical,
                tokens_per_s=tok_s, graphs={b.name: sorted(b.steps) for b in (st, sd, sf, batch)})

if __name__ == "__main__":
    ap = argparse.ArgumentParser(); ap.add_argument("--out", default="results/demo_family_gpu.json")
    ap.add_argument("--new-tokens", type=int, default=64); ap.add_argument("--K", type=int, default=4); ap.add_argument("--device", default="cuda")
    a = ap.parse_args()
    results = dict(device=torch.cuda.get_device_name() if a.device == "cuda" else a.device, torch=torch.__version__, runs=[])
    for dtype in (torch.float32, torch.bfloat16):
        try: results["runs"].append(check(dtype, a.new_tokens, a.K, a.device))
        except Exception as e: results["runs"].append(dict(dtype=str(dtype), error=f"{type(e).__name__}: {e}"[:500]))
        Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(results, indent=1))
        print(json.dumps(results["runs"][-1]))
