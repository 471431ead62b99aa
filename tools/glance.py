"""The README's "results at a glance" table, computed from the committed results JSON in nbs/results/.

Usage: python tools/glance.py        (prints the markdown; tools/make_readme.py puts it into nbs/index.ipynb and README.md)
"""
import json
from pathlib import Path

from specdecode_nb.lean_draft import plain_rate  # the real pair's plain baseline, as chapters 4b and 7b take it

RESULTS = Path(__file__).resolve().parent.parent / "nbs" / "results"


def _speed(records: list[dict]) -> float:
    "Tokens per second over a set of decodes: a ratio of sums, so long decodes weigh what they cost."
    return sum(r["n_new_tokens"] for r in records) / sum(r["wall_s"] for r in records)


def _benchmark_rows(path: Path, label: str) -> list[tuple]:
    "(what, baseline tok/s, speculative tok/s) per experiment of a chapter-9 results file, on the same prompts."
    d = json.loads(path.read_text())
    cfg, recs = d["config"], d["records"]
    by = lambda e, K=None: [r for r in recs if r["experiment"] == e and (K is None or r["K"] == K)]
    base = _speed(by("baseline"))
    names = dict(generic_draft="generic draft", specialized_drafts="specialized draft per domain",
                 adaptive_routing="draft picked by the router")
    rows = []
    for e in ("generic_draft", "specialized_drafts", "adaptive_routing"):
        if by(e, cfg["K"]): rows.append((f"{label}, {names[e]}, K = {cfg['K']}", base, _speed(by(e, cfg["K"])), True))
    return rows


def _qwen_rows(path: Path) -> list[tuple]:
    "HF assisted generation and this book's loop on the same prompts and models (chapter 4's Qwen run)."
    d = json.loads(path.read_text())
    rows, n = d["rows"], len(d["rows"])
    speed = lambda key: sum(r["new_tokens"] for r in rows) / sum(r["new_tokens"] / r[key] for r in rows)
    what = f"Qwen2.5-Coder 1.5B target, 0.5B draft (chapter 4), {n} HumanEval prompts, {d['max_new_tokens']} tokens"
    return [(f"{what}: HF assisted generation (against HF `generate`)", speed("hf_generate_tok_s"), speed("hf_assisted_tok_s"), True),
            (f"{what}: `speculative_decode`, K = {d['K']} (against `standard_decode`)", speed("standard_tok_s"), speed("speculative_tok_s"), True)]


def _head_rows(path: Path) -> list[tuple]:
    "The demo family's feature heads at K = 4 (chapter 7b), on each prompt set against plain decoding on the same prompts."
    d = json.loads(path.read_text())
    return [(f"Demo family (chapter 7b), {r['prompts']} {r['domain']} prompts, {d['max_new_tokens']} tokens, greedy, {r['draft'].replace('head', 'feature head')}, K = 4",
             r["baseline_tokens_per_s"], r["tokens_per_s"], True) for r in d["rows"] if r["draft"].endswith("head") and r["K"] == 4]


def _cli_rows(path: Path) -> list[tuple]:
    "`specdecode generate` with its default draft against `--draft none`, per domain of the own prompt set (chapter 10)."
    rows = json.loads(path.read_text())["rows"]
    out = []
    for domain in dict.fromkeys(r["domain"] for r in rows):
        rs = [r for r in rows if r["domain"] == domain]
        out.append((f"`specdecode generate` default (chapter 10), {len(rs)} own {domain} prompts, 128 tokens, greedy (against `--draft none`)",
                    sum(r["plain_tokens"] for r in rs) / sum(r["plain_seconds"] for r in rs), sum(r["tokens"] for r in rs) / sum(r["seconds"] for r in rs), True))
    return out


def _cli_pair_rows(path: Path) -> list[tuple]:
    "`specdecode generate` on the real pair with each draft against `--draft none`, both as `--dtype auto` ran them (chapter 10)."
    d = json.loads(path.read_text())
    dtype = "" if d["dtype"] == "float32" else f", {d['dtype']}"
    rate = lambda rs, t, s: sum(r[t] for r in rs) / sum(r[s] for r in rs)
    stage = lambda name: " (second stage)" if name == "chapter 7b's head" and d.get("head") == "answers" else ""
    return [(f"`specdecode generate --model` Qwen2.5-Coder 1.5B `--draft` {name}{stage(name)} (chapter 10{dtype}), {len(rs)} HumanEval prompts, 128 tokens, "
             "greedy (against `--draft none`)", rate(rs, "plain_tokens", "plain_seconds"), rate(rs, "tokens", "seconds"), True) for name, rs in d["rows"].items()]


def _lean_rows(path: Path) -> list[tuple]:
    "The distilled drafts through `HFBackend` and `LeanBackend` against plain decoding on the same prompts (chapter 4b)."
    d = json.loads(path.read_text())
    return [(f"Demo family (chapter 4b), {r['prompts']} own {r['domain']} prompts, {d['max_new_tokens']} tokens, greedy, {r['draft']} draft through "
             f"`{name}`, K = {d['K']}", r["runs"][name]["baseline_tokens_per_s"], r["runs"][name]["tokens_per_s"], True) for r in d["rows"] for name in ("HFBackend", "LeanBackend")]


def _pair_rows(path: Path, chapter: str) -> list[tuple]:
    "The real pair (chapters 4b and 7b): HF assisted generation against plain decoding; each packed way against packed plain decoding; the best against HF assisted generation, packed and as it runs out of the box."
    d = json.loads(path.read_text())
    stock, packed = d["stock"]["runs"], d["packed"]["runs"]
    dtype = "" if d.get("dtype", "float32") == "float32" else f", {d['dtype']}"  # both models loaded in this dtype
    what = f"Qwen2.5-Coder 1.5B target ({chapter}{dtype}), {packed['plain']['prompts']} HumanEval prompts, {d['max_new_tokens']} tokens"
    ways = [n for n in packed if n not in ("plain", "HF assisted generation")]
    fastest = lambda names: max(names, key=lambda n: packed[n]["tokens_per_s"])
    heads = [n for n in ways if n.startswith("trained head")]
    bests = list(dict.fromkeys([fastest(ways)] + ([fastest(heads)] if heads else [])))  # the fastest way, and the fastest trained head
    rows = [(f"{what}: HF assisted generation with the 0.5B, stock products (against stock plain decoding)", stock["plain"]["tokens_per_s"],
             stock["HF assisted generation"]["tokens_per_s"], True)]
    rows += [(f"{what}: {name}, packed products (against packed plain decoding: measured, or what its one-token passes allow if faster)",
              plain_rate(d), packed[name]["tokens_per_s"], True) for name in ways]
    for best in bests:
        rows += [(f"{what}: {best}, packed (against HF assisted generation on the packed models)", packed["HF assisted generation"]["tokens_per_s"],
                  packed[best]["tokens_per_s"], False),
                 (f"{what}: {best}, packed (against HF assisted generation as it runs out of the box, stock products)",
                  stock["HF assisted generation"]["tokens_per_s"], packed[best]["tokens_per_s"], False)]
    return rows


def glance_markdown(results: Path = RESULTS) -> str:
    "The table, one row per speed with its baseline beside it, and a sentence that says what it shows."
    bench = json.loads((results / "benchmark_cpu.json").read_text())
    n = len({(r["dataset"], r["prompt"]) for r in bench["records"]})
    label = f"Demo family (chapter 9), {n} prompts of {len({r['dataset'] for r in bench['records']})} sets, {bench['config']['max_new_tokens']} tokens, greedy"
    rows = _benchmark_rows(results / "benchmark_cpu.json", label) + _qwen_rows(results / "qwen_coder_cpu.json")
    he = json.loads((results / "humaneval_qwen_coder_cpu.json").read_text())
    n_he = len({r["prompt"] for r in he["records"]})
    rows += _benchmark_rows(results / "humaneval_qwen_coder_cpu.json", f"Qwen2.5-Coder 1.5B target, 0.5B draft (chapter 9), {n_he} HumanEval "
                            f"prompts, {he['config']['max_new_tokens']} tokens")
    if (results / "feature_heads_cpu.json").exists(): rows += _head_rows(results / "feature_heads_cpu.json")
    if (results / "lean_draft_cpu.json").exists(): rows += _lean_rows(results / "lean_draft_cpu.json")
    if (results / "packed_pair_cpu.json").exists(): rows += _pair_rows(results / "packed_pair_cpu.json", "chapter 4b")
    if (results / "qwen_head_pair_cpu.json").exists(): rows += _pair_rows(results / "qwen_head_pair_cpu.json", "chapter 7b")
    stages = results / "qwen_head_answers_bf16_cpu.json"  # the bfloat16 run again, with the head's second stage beside its first
    bf16 = stages if stages.exists() else results / "qwen_head_pair_bf16_cpu.json"
    if bf16.exists(): rows += _pair_rows(bf16, "chapter 7b")
    if (results / "cli_pair_cpu.json").exists(): rows = _cli_pair_rows(results / "cli_pair_cpu.json") + rows
    if (results / "cli_default_cpu.json").exists(): rows = _cli_rows(results / "cli_default_cpu.json") + rows
    lines = ["| run (2-core CPU; float32 unless the row says bfloat16) | baseline tok/s | speculative tok/s | speed-up |", "|---|---|---|---|"]
    lines += [f"| {what} | {b:.1f} | {s:.1f} | {s / b:.2f}× |" for what, b, s, _ in rows]
    plain = [r for r in rows if r[3]]  # against plain decoding; the others against HF assisted generation
    best = max(plain, key=lambda r: r[2] / r[1])
    slower = sum(s < b for _, b, s, _ in plain)
    lines += ["", f"Against plain decoding, {slower} of these {len(plain)} runs are slower than their baseline, and the best is "
              f"{best[2] / best[1]:.2f}× ({best[0]}). The other {len(rows) - len(plain)} rows set the real pair's fastest way against HF "
              f"assisted generation instead. Each figure is computed from the JSON in `nbs/results/` by `tools/glance.py`, and CI checks "
              "that this table matches it. The runs come from more than one 2-core cloud CPU, and which matrix kernels are fastest "
              "differs between them (chapter 4b), so compare each speed with the baseline beside it, measured in the same run, "
              "rather than across rows."]
    return "\n".join(lines)


if __name__ == "__main__": print(glance_markdown())
