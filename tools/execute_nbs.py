"""Execute notebooks in place so their committed outputs show the evidence, skipping flagged cells.

Usage: python tools/execute_nbs.py [NOTEBOOK ...] [--only TEXT [--only TEXT2 ...]] [--flags slow gpu]
Cells flagged with a `tst_flags` flag (`#| slow`, `#| gpu`) keep their previous outputs unless the flag is given;
with --only TEXT, of the flagged cells only those containing TEXT (or any of the TEXTs) run, to redo some measurements.
"""
import os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parent.parent


def main(args):
    flags = set(args[args.index("--flags") + 1:]) if "--flags" in args else set()
    if "--flags" in args: args = args[:args.index("--flags")]
    only = [args[i + 1] for i, a in enumerate(args) if a == "--only"] or None
    if only is not None: args = [a for i, a in enumerate(args) if a != "--only" and (i == 0 or args[i - 1] != "--only")]
    nbs = [Path(a).resolve() for a in args]
    if not nbs: nbs = sorted((ROOT / "nbs").glob("*.ipynb"))
    skip = set(get_config().tst_flags.split()) - flags
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    for nb_path in nbs:
        start = time.time()
        nb = read_nb(nb_path)
        def preproc(cell):
            "Skip cells carrying a flag we were not asked to run."
            src = cell.source if isinstance(cell.source, str) else "".join(cell.source)
            flagged = {line.strip().replace(" ", "") for line in src.splitlines()} & {f"#|{f}" for f in get_config().tst_flags.split()}
            if any(line.strip().replace(" ", "") in {f"#|{f}" for f in skip} for line in src.splitlines()): return True
            if bool(flagged) and only is not None and not any(text in src for text in only): return True
            if cell.cell_type == "code": cell.outputs = []  # a cell that now prints nothing must not keep old outputs
            return False
        cwd = os.getcwd(); os.chdir(nb_path.parent)
        try:
            shell = CaptureShell()
            shell.run_all(nb, exc_stop=True, preproc=preproc)
        finally: os.chdir(cwd)
        write_nb(nb, nb_path)
        print(f"executed {nb_path.name} in {time.time() - start:.0f}s")


if __name__ == "__main__": main(sys.argv[1:])
