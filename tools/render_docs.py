"""Render the book's pages offline (Quarto is not installable everywhere) and check that each reads as a chapter.

Runs nbdev's own notebook processing (`nbdev_proc_nbs`: directives, hidden cells, show_doc, front matter),
converts each processed notebook to HTML with nbconvert, links the pages, and checks every chapter page has
a title, a summary, prose, code and displayed results. With Quarto installed, `nbdev_docs` builds the real site.

Usage: python tools/render_docs.py [--out _site_offline]
       python tools/render_docs.py --check-heavy   # only the check below, in a second
"""
import html, json, re, shutil, subprocess, sys, warnings
from pathlib import Path

import nbformat
import yaml
from nbconvert import HTMLExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent


def front_matter(nb) -> dict:
    "Title and description from the raw front-matter cell that nbdev writes (removed from the notebook)."
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("---"):
            nb.cells.remove(cell)
            return yaml.safe_load(cell.source.strip().strip("-")) or {}
    return {}


def exporter() -> HTMLExporter:
    "nbconvert's HTML exporter, hiding the source of cells Quarto would hide (`#| echo: false`, e.g. show_doc)."
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {"echo-false"}
    return HTMLExporter(config=c, template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)


def render(nb_path: Path, out_dir: Path, nav: str) -> dict:
    "Write one page; return what the checks need."
    nb = nbformat.read(nb_path, as_version=4)
    fm = front_matter(nb)
    title, desc = str(fm.get("title", nb_path.stem)), str(fm.get("description", ""))
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"^#\|\s*echo:\s*false", cell.source, flags=re.M):
            cell.metadata.setdefault("tags", []).append("echo-false")
    body, _ = exporter().from_notebook_node(nb)
    body = re.sub(r'href="([\w.-]+)\.ipynb', r'href="\1.html', body)
    body = re.sub(r'\{target="_blank"[^}]*\}', "", body)  # Quarto link attributes in show_doc output
    header = (f'<nav style="padding:8px;background:#eef">{nav}</nav><header style="padding:0 16px">'
              f'<h1 class="title">{html.escape(title)}</h1><p class="description"><em>{html.escape(desc)}</em></p></header>')
    page = body.replace("<body", "<body data-chapter", 1)
    page = re.sub(r"(<body[^>]*>)", r"\1" + header.replace("\\", "\\\\"), page, count=1)
    (out_dir / f"{nb_path.stem}.html").write_text(page)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return dict(page=nb_path.stem, title=title, description=desc,
                prose=sum(c.cell_type == "markdown" for c in nb.cells),
                code=len(code), outputs=sum(bool(c.get("outputs")) for c in code))


def heavy_cells_docs_would_run() -> list[str]:
    "Flagged (`#| slow`, `#| gpu`) cells that nbdev's docs processing would execute: it runs every cell that imports."
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    from nbdev.processors import _do_eval
    warnings.filterwarnings("ignore", "Found cells containing imports")
    flags, found = set(get_config().tst_flags.split()), []
    for nb in sorted((ROOT / "nbs").glob("*.ipynb")):
        def check(cell, nb=nb):
            if cell.cell_type == "code" and cell.directives_.keys() & flags and _do_eval(cell):
                first = next((l for l in cell.source.splitlines() if l.strip() and not l.startswith("#|")), "")
                found.append(f"{nb.name}: {first[:70]}")
        NBProcessor(nb, procs=[check]).process()
    return found


def check_heavy_cells():
    "Stop before rendering if a heavy cell would run (and rewrite results or shipped files) as part of the docs."
    found = heavy_cells_docs_would_run()
    if found: sys.exit("these slow/gpu cells import something, so nbdev's docs build would execute them; "
                       "move their imports to the notebook's import cell:\n  " + "\n  ".join(found))


def process_notebooks():
    "nbdev's processing into _proc, as `nbdev_proc_nbs` does it, without the Quarto install that command insists on."
    if shutil.which("quarto"): subprocess.run(["nbdev_proc_nbs"], cwd=ROOT, check=True); return
    steps = ("import nbdev.quarto as q, nbdev.doclinks as d, nbdev.serve as s; "
             "q.refresh_quarto_yml(); d._build_modidx(); q.nbdev_sidebar.__wrapped__(); s.proc_nbs()")
    subprocess.run([sys.executable, "-c", steps], cwd=ROOT, check=True)


def main(out="_site_offline"):
    check_heavy_cells()
    process_notebooks()
    proc, out_dir = ROOT / "_proc", ROOT / out
    out_dir.mkdir(exist_ok=True)
    pages = sorted(p for p in proc.glob("*.ipynb"))
    nav = " | ".join(f'<a href="{p.stem}.html">{p.stem}</a>' for p in pages)
    report, problems = [render(p, out_dir, nav) for p in pages], []
    for r in report:
        if r["page"] == "index": continue
        for key, ok in (("title", r["title"] and r["title"] != r["page"]), ("summary", r["description"]),
                        ("prose", r["prose"] >= 3), ("code", r["code"] >= 3), ("displayed results", r["outputs"] >= 1)):
            if not ok: problems.append(f"{r['page']}: no {key}")
    (out_dir / "report.json").write_text(json.dumps(report, indent=1))
    for r in report: print(f"{r['page']:24} {r['title'][:40]:40} prose {r['prose']:3} code {r['code']:3} with output {r['outputs']:3}")
    if problems: sys.exit("docs check failed:\n" + "\n".join(problems))
    print(f"rendered {len(report)} pages to {out_dir}")


if __name__ == "__main__":
    if "--check-heavy" in sys.argv: check_heavy_cells(); sys.exit()
    main(sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "_site_offline")
