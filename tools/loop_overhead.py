"""The speculative loop's overhead per iteration against Hugging Face assisted generation, on tiny models (fp32, CPU).

Overhead = wall time of a run minus the time spent inside the models' forward passes, per iteration (one
target pass per iteration, after the prefill). Measured at alpha = 0 (an unrelated random draft: one token
per iteration) and alpha = 1 (the draft is a copy of the target: K + 1 tokens per iteration), for our loop on
the dynamic `HFBackend` and on the `StaticBackend` (uncompiled on a CPU), and for `generate(assistant_model=...)`.

Uses only names that exist before and after the fast-path rework (speculative_decode, standard_decode, HFBackend,
StaticBackend, hf_generate), so the same script measures both:

    python tools/loop_overhead.py --label after --out nbs/results/loop_overhead_cpu.json
    git worktree add /tmp/old 506764a && (cd /tmp/old && pip install -e . -q) && python tools/loop_overhead.py --label before --out ...

--out holds one entry per label; writing a label replaces that entry and keeps the others.
"""
from __future__ import annotations
import argparse, copy, json, platform, subprocess, time
from pathlib import Path

import torch
import transformers
from transformers import AutoModelForCausalLM, Qwen2Config

from specdecode_nb.backends import HFBackend
from specdecode_nb.decoding import hf_generate, speculative_decode, standard_decode
from specdecode_nb.static_backend import StaticBackend

VOCAB, PROMPT, NEW, K, REPEATS = 256, 16, 48, 5, 3


def tiny(hidden: int, layers: int, seed: int):
    "A random tiny Qwen2 (fp32, eval) built from a config: no download."
    cfg = Qwen2Config(hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=layers, num_attention_heads=4,
                      num_key_value_heads=2, vocab_size=VOCAB, max_position_embeddings=512, tie_word_embeddings=False)
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(seed)
    return AutoModelForCausalLM.from_config(cfg).eval().requires_grad_(False)


class ForwardClock:
    "Wraps `model.forward` to add up the seconds spent inside it and count the calls."
    def __init__(self, *models):
        self.seconds, self.calls, self.restore = 0.0, {id(m): 0 for m in models}, []
        for m in models:
            if id(m) in [id(r[0]) for r in self.restore]: continue
            inner = m.forward
            def timed(*a, _inner=inner, _key=id(m), **kw):
                start = time.perf_counter()
                try: return _inner(*a, **kw)
                finally: self.seconds += time.perf_counter() - start; self.calls[_key] += 1
            m.forward = timed
            self.restore.append((m, inner))

    def reset(self):
        self.seconds = 0.0
        for k in self.calls: self.calls[k] = 0

    def close(self):
        for m, inner in self.restore: m.forward = inner


def measure(run, target, draft) -> dict:
    "Median over REPEATS runs (after a warm-up) of wall, forward and overhead ms per iteration."
    clock = ForwardClock(target, draft)
    try:
        run(); rows = []
        for _ in range(REPEATS):
            clock.reset(); start = time.perf_counter(); run(); wall = time.perf_counter() - start
            iterations = clock.calls[id(target)] - 1  # one target pass per iteration, after the prefill
            rows.append(dict(wall_ms_per_iteration=1000 * wall / iterations, forward_ms_per_iteration=1000 * clock.seconds / iterations,
                             overhead_ms_per_iteration=1000 * (wall - clock.seconds) / iterations, iterations=iterations,
                             tokens_per_iteration=NEW / iterations))
    finally: clock.close()
    rows.sort(key=lambda r: r["overhead_ms_per_iteration"])
    return rows[len(rows) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, choices=["before", "after"])
    parser.add_argument("--out", default="nbs/results/loop_overhead_cpu.json")
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny shapes: threads only add contention
    start = time.perf_counter()
    target = tiny(128, 4, seed=1)
    drafts = {"alpha0": tiny(64, 1, seed=2), "alpha1": copy.deepcopy(target)}
    ids = torch.randint(0, VOCAB, (1, PROMPT), generator=torch.Generator().manual_seed(0))
    length = PROMPT + NEW + K + 2
    rows = []
    with torch.inference_mode():
        plain_backend = HFBackend(target)
        plain = measure(lambda: standard_decode(plain_backend, ids, NEW, eos_token_id=[]), target, target)
        rows.append(dict(loop="standard_decode (HFBackend), no draft", alpha=None, **plain))
        for alpha, draft in drafts.items():
            hf_pair = HFBackend(target), HFBackend(draft)
            static_pair = StaticBackend(target, max_length=length), StaticBackend(draft, max_length=length)
            loops = {
                "speculative_decode, HFBackend": lambda: speculative_decode(*hf_pair, ids, NEW, K=K, eos_token_id=[]),
                "speculative_decode, StaticBackend": lambda: speculative_decode(*static_pair, ids, NEW, K=K, eos_token_id=[]),
                "HF assisted generation": lambda: hf_generate(target, ids, NEW, draft, K),
            }
            for name, run in loops.items(): rows.append(dict(loop=name, alpha=alpha, **measure(run, target, draft)))
    import specdecode_nb
    where = dict(capture_output=True, text=True, cwd=Path(specdecode_nb.__file__).parent)  # the commit of the package measured
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], **where).stdout.strip() or None
        if commit and subprocess.run(["git", "status", "--porcelain", "--", "."], **where).stdout.strip(): commit += " + uncommitted changes"
    except OSError: commit = None
    result = dict(label=args.label, commit=commit, device=f"CPU ({platform.machine()}), 1 thread", torch=torch.__version__,
                  transformers=transformers.__version__,
                  setup=f"tiny Qwen2, fp32: target hidden 128 x 4 layers, alpha0 draft hidden 64 x 1 layer (random), alpha1 draft = a copy "
                        f"of the target; vocab {VOCAB}, prompt {PROMPT}, {NEW} new tokens, K = {K}, median of {REPEATS}",
                  rows=rows, seconds=round(time.perf_counter() - start, 1))
    out = Path(args.out)
    data = json.loads(out.read_text()) if out.exists() else {}
    data[args.label] = result
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n")
    for r in rows: print(f"{r['loop']:40} {str(r['alpha']):7} overhead {r['overhead_ms_per_iteration']:7.3f} ms/iteration, "
                         f"forward {r['forward_ms_per_iteration']:7.3f}, {r['tokens_per_iteration']:.2f} tokens/iteration")
    print(f"{result['seconds']} s -> {out}")


if __name__ == "__main__":
    main()
