"""Check the GitHub workflows as a hosted runner would read them: valid YAML, every job's steps well formed, and
every command a `run:` step starts present here (after the README's install) or named in HOSTED below.

Usage: python tools/check_workflows.py [--run-deploy-until-quarto]
With --run-deploy-until-quarto, the deploy workflow's `run:` steps before its Quarto setup are executed, in order,
with the workflow's environment, in the current folder (a clean clone, as a non-root user, to check it as GitHub would).
"""
import os, shlex, shutil, subprocess, sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# On GitHub's hosted Ubuntu image: bash and git come with the image; `python`/`pip` come from actions/setup-python.
HOSTED = {"bash", "git", "python", "pip"}


def workflows() -> dict:
    "Each workflow file's parsed YAML."
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))}


def check(name: str, wf: dict) -> list[str]:
    "What is wrong with one workflow, as lines."
    errors = [f"{name}: no {k!r}" for k in ("name", "jobs") if k not in wf]
    if True not in wf and "on" not in wf: errors.append(f"{name}: no 'on' (trigger)")
    for job, spec in (wf.get("jobs") or {}).items():
        if "runs-on" not in spec: errors.append(f"{name}/{job}: no runs-on")
        for i, step in enumerate(spec.get("steps") or []):
            if ("uses" in step) == ("run" in step): errors.append(f"{name}/{job} step {i}: needs exactly one of uses/run")
            if "uses" in step and "@" not in step["uses"]: errors.append(f"{name}/{job} step {i}: pin {step['uses']} to a version")
            if "run" in step:
                cmd = shlex.split(step["run"].strip().splitlines()[0])[0]
                if cmd not in HOSTED and shutil.which(cmd) is None: errors.append(f"{name}/{job} step {i}: {cmd!r} not found")
    return errors


def run_deploy_until_quarto(wf: dict) -> None:
    "Execute the deploy job's run steps that come before Quarto is set up."
    (job,) = wf["jobs"].values()
    env = os.environ | {k: str(v) for k, v in (job.get("env") or {}).items()}
    for step in job["steps"]:
        if "quarto" in step.get("uses", ""): break
        if "run" in step:
            print(f"== deploy step: {step.get('name', step['run'])}", flush=True)
            subprocess.run(step["run"], shell=True, check=True, env=env, executable="/bin/bash")


if __name__ == "__main__":
    wfs = workflows()
    errors = [e for name, wf in wfs.items() for e in check(name, wf)]
    if errors: sys.exit("\n".join(errors))
    print(f"{len(wfs)} workflows valid: " + ", ".join(f"{n} ({sum(len(j.get('steps', [])) for j in w['jobs'].values())} steps)" for n, w in wfs.items()))
    if "--run-deploy-until-quarto" in sys.argv: run_deploy_until_quarto(wfs["deploy.yaml"]); print("deploy steps before Quarto: green")
