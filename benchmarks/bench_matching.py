"""Matching speed: this code tree against a baseline tree, each in its own processes, alternated.

    python benchmarks/bench_matching.py                       # against main (git archive into a temp dir)
    python benchmarks/bench_matching.py --baseline REV        # against any commit, archived the same way
    python benchmarks/bench_matching.py --baseline-dir DIR    # against a tree on disk, e.g. made with
                                                              #   git archive main | tar -x -C DIR  (+ DIR/scripts/setup)
    python benchmarks/bench_matching.py --quick               # one round, fewer passes (make bench)

A baseline is a whole code tree: its own ``graph``, ``recommender`` (every matching module, the
result models, the calibration) and ``seed_data``, imported in a fresh process whose working
directory and first path entry are that tree, run by the tree's own ``.venv/bin/python`` when it
has one, else by this interpreter.  The current tree (``--current-dir``, default this checkout) is
run the same way.  Each process checks that the ``recommender.matching`` it imported is its tree's
(an editable install of another checkout could otherwise shadow it) and says which interpreter ran.

Both trees get the same inputs, from this tree: every phrase of the ``tests/corpora/matching*.toml``
corpora (timing only; no result of a sealed corpus is printed), the paraphrase corpus's phrases on
their own (the texts that pay for the paraphrase reading), and :data:`POSTING`, a 4,972-character
job posting.  A worker process loads its tree's curriculum, builds the matcher once untimed (imports
and lazy set-up), then times ``SkillMatcher(graph)`` on fresh graph objects (``--builds``), makes one
warm pass over the phrases (typo index, TF-IDF fitted on first need), then times ``--passes`` passes
over them and ``--posting-repeats`` calls on the posting.  It reports CPU time
(``time.process_time``: on a shared machine other processes inflate it much less than wall time) and
wall time, the medians of its samples.

Rounds alternate the order (baseline, current; current, baseline; ...), so drift in the machine's
load falls on both sides alike; each round's ratio current/baseline is of two processes run one after
the other, and the summary gives every round's ratio and their median.  The load average is printed
before every process and at the end, with the CPU model and count.  A digest of what each tree
matched on all inputs says whether the two trees give the same answers (the same code should).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "tests" / "corpora"

POSTING = """\
Senior Machine Learning Engineer, Recommendations and Search

About the team. We are a 40-person product company building tools that help small clinics schedule
patients, and our ML platform team owns everything from data ingestion to the models in production.
You will join four ML engineers and two data engineers, reporting to the head of data.

What you will do
- Design, train and ship recommendation and ranking models that reach two million users a week.
- Own the path from a notebook to production: feature pipelines, training jobs, evaluation, model
  serving behind a REST API, monitoring for data drift and automated retraining.
- Build and maintain our deployment pipelines with GitHub Actions, Docker and Kubernetes on AWS
  (EKS, S3, SageMaker), and keep the cloud bill in check.
- Work closely with product managers, designers and backend engineers; explain model behaviour and
  trade-offs to non-technical stakeholders.
- Review code, mentor junior engineers, and write clear design documents.

What we are looking for
- 5+ years of experience writing production Python; strong software engineering fundamentals
  (object-oriented design, testing with pytest, clean code, code review, Git branching strategies).
- Solid understanding of machine learning fundamentals: supervised and unsupervised learning,
  gradient boosting, regularisation, cross-validation, and the usual evaluation metrics (precision,
  recall, F1 score, ROC AUC).
- Hands-on experience with deep learning in PyTorch or TensorFlow, including fine-tuning pre-trained
  transformer models from Hugging Face for NLP tasks such as classification and retrieval.
- Experience with experiment tracking and model versioning (MLflow or Weights & Biases, DVC).
- Working knowledge of SQL and at least one data warehouse (Snowflake, BigQuery or Redshift); Spark
  or another distributed processing engine is a plus.
- Familiarity with streaming systems such as Kafka or Kinesis.
- Comfortable with statistics and probability, A/B testing and hypothesis testing.

Nice to have
- Experience with LLMs, prompt engineering and retrieval-augmented generation; LangChain or LlamaIndex.
- Knowledge of FastAPI, Postgres, Redis and Airflow; dbt for analytics engineering.
- Exposure to Terraform, Prometheus and Grafana.
- Contributions to open-source ML projects, a technical blog, or talks at ML conferences.
- A master's degree or PhD in computer science, statistics, physics or a related quantitative field.
- AWS Certified Machine Learning – Specialty or the Google Professional ML Engineer certification.

Our stack. Python 3.11, PyTorch 2.x, scikit-learn, pandas, NumPy, Polars, FastAPI, PostgreSQL,
Snowflake, dbt, Airflow, Kafka, Docker, Kubernetes, Terraform, GitHub Actions, MLflow, Grafana.
We use Jupyter for exploration and VS Code or PyCharm for everything else.

How we work. Small teams, written decisions, two days a week together in the office, the rest
remote. We care about reproducibility, observability and shipping small changes often. We value
continuous learning: every engineer has a yearly budget for courses on Coursera, edX or Udemy,
and time to take part in Kaggle competitions if they like.

What we offer. A competitive salary, equity, 30 days of holiday, a learning budget, and the chance
to shape the ML platform of a growing company. We welcome applicants from every background;
if you meet most but not all of the requirements, please apply anyway.

Your first six months. In the first month you will pair with an engineer on the ranking service,
ship a small change to production and learn how we run on-call. By the third month you will own the
retraining workflow for one model family, including its dashboards, alerts and runbooks, and you
will have proposed one improvement to how we evaluate models offline before an A/B test. By the
sixth month we expect you to lead a project end to end: scoping it with product, choosing between a
simpler baseline and a deep learning model on evidence, getting it reviewed, and measuring its
effect after launch. You will also help us interview, and you will improve at least one part of our
documentation that confused you when you joined.

A typical week. Monday starts with a short planning meeting; most of the week is focused work on
your project, with one or two design reviews and a reading group on Thursday where someone presents
a paper or a post-mortem. We keep meetings short, write things down, and prefer asynchronous
discussion in pull requests and design documents over long calls. Everyone writes: a short weekly
note on what they learned, what is blocked, and what they plan next, shared with the whole team.
New joiners get a buddy, a reading list, and a first week without meetings beyond the ones that
help them settle in.

How to apply. Send a short note about a model you shipped and what you would do differently now,
with your CV or LinkedIn profile. We answer every application within two weeks.
"""


MEASURES = (
    ("build", "build the matcher (ms)"),
    ("phrase", "one corpus phrase (ms)"),
    ("paraphrase", "one paraphrase-corpus phrase (ms)"),
    ("posting", "the posting (ms)"),
)


def corpus_phrases(corpora: Path = CORPORA) -> tuple[list[str], list[str], list[str]]:
    """(every phrase of the matching corpora, the paraphrase corpus's phrases, the corpora's file names)."""
    sys.path.insert(0, str(corpora))  # the driver only: a worker imports nothing of this tree's tests
    from matching_figures import PARAPHRASE, load

    paths = sorted(corpora.glob("matching*.toml"))
    everything = [phrase.text for path in paths for phrase in load(path)]
    return everything, [phrase.text for phrase in load(PARAPHRASE)], [path.name for path in paths]


# --- the worker: runs inside the tree it measures -------------------------------------------------

def _cpu_and_wall(function) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def worker(tree: Path, inputs: dict, builds: int, passes: int, posting_repeats: int) -> dict:
    """Time the matcher of ``tree`` (already first on ``sys.path``) on ``inputs``; the result is JSON-able."""
    from graph.curriculum import load_graph
    import recommender.matching as matching

    where = Path(matching.__file__).resolve()
    if tree.resolve() not in where.parents:
        raise SystemExit(f"bench_matching: {tree} imported recommender.matching from {where}, not from its own tree")
    seed = tree / "seed_data"
    graph = load_graph(seed)
    matching.SkillMatcher(graph).match(POSTING)  # imports and lazy set-up, untimed
    graphs = [load_graph(seed) for _ in range(builds)]  # fresh graph objects: no per-graph cache helps a build
    build = [_cpu_and_wall(lambda g=g: matching.SkillMatcher(g)) for g in graphs]
    matcher = matching.SkillMatcher(graph)
    phrases, paraphrases = inputs["phrases"], inputs["paraphrases"]
    answers = [[m.id for m in matcher.match(text)] for text in phrases + [POSTING]]  # the warm pass

    def per_text(texts):
        def run():
            for text in texts:
                matcher.match(text)
        samples = [_cpu_and_wall(run) for _ in range(passes)]
        return [(c / len(texts), w / len(texts)) for c, w in samples]

    found = matcher.match(POSTING)
    return {
        "tree": str(tree), "python": sys.executable, "matching": str(where), "nodes": len(graph.nodes),
        "build": build, "phrase": per_text(phrases), "paraphrase": per_text(paraphrases),
        "posting": per_text([POSTING] * posting_repeats),
        "posting_matched": sum(1 for m in found if m.id), "posting_outside": sum(1 for m in found if not m.id),
        "digest": hashlib.sha256(json.dumps(answers).encode()).hexdigest()[:12],
    }


# --- the driver ------------------------------------------------------------------------------------

def interpreter(tree: Path) -> str:
    """The tree's own virtualenv's Python if it has one, else this interpreter."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def run_worker(tree: Path, inputs_file: Path, args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(tree)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave the baseline tree as it was
    command = [interpreter(tree), str(Path(__file__).resolve()), "--worker", str(tree), "--inputs", str(inputs_file),
               "--builds", str(args.builds), "--passes", str(args.passes), "--posting-repeats", str(args.posting_repeats)]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench_matching: the worker for {tree} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def archive(rev: str, into: Path) -> Path:
    """``git archive REV | tar -x -C into``: the whole tree of ``rev``, without .git or a venv."""
    listing = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=listing, check=True)
    return into


def cpu_description() -> str:
    try:
        models = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")]
    except OSError:
        models = []
    return f"{os.cpu_count()} CPUs" + (f", {models[0]}" if models else "")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def median_ms(samples, index: int) -> float:
    return statistics.median(sample[index] for sample in samples)


def report(rounds: list[dict], out=print) -> None:
    """Per round and measure: baseline and current medians (CPU, then wall) and the ratio current/baseline."""
    for kind, index in (("CPU", 0), ("wall", 1)):
        out(f"\n{kind} time, median per process; ratio = current / baseline")
        out(f"{'':<36}" + "".join(f"{'round ' + str(i + 1):>28}" for i in range(len(rounds))) + f"{'median ratio':>14}")
        for key, label in MEASURES:
            cells, ratios = [], []
            for r in rounds:
                b, c = median_ms(r["baseline"][key], index), median_ms(r["current"][key], index)
                ratios.append(c / b)
                cells.append(f"{b:.3f} -> {c:.3f} = {c / b:.2f}x")
            out(f"{label:<36}" + "".join(f"{cell:>28}" for cell in cells) + f"{statistics.median(ratios):>13.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV", default=None,
                        help="a commit, branch or tag: its tree, git-archived into a temporary directory (default main)")
    parser.add_argument("--baseline-dir", metavar="DIR", type=Path, default=None,
                        help="a whole tree on disk as the baseline, with its own .venv if it has one")
    parser.add_argument("--current-dir", metavar="DIR", type=Path, default=ROOT,
                        help="the tree measured against the baseline (default this checkout)")
    parser.add_argument("--rounds", type=int, default=3, help="baseline/current process pairs, order alternating")
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the phrases per process")
    parser.add_argument("--builds", type=int, default=5, help="timed matcher builds per process")
    parser.add_argument("--posting-repeats", type=int, default=15, help="timed calls on the posting per process")
    parser.add_argument("--quick", action="store_true", help="one round, one pass, 3 builds, 5 posting calls")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:  # inside the measured tree's process
        inputs = json.loads(args.inputs.read_text(encoding="utf-8"))
        print(json.dumps(worker(args.worker, inputs, args.builds, args.passes, args.posting_repeats)))
        return 0
    if args.baseline and args.baseline_dir:
        parser.error("give --baseline REV or --baseline-dir DIR, not both")
    if args.quick:
        args.rounds, args.passes, args.builds, args.posting_repeats = 1, 1, 3, 5

    phrases, paraphrases, names = corpus_phrases()
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as scratch:
        scratch = Path(scratch)
        if args.baseline_dir:
            baseline, described = args.baseline_dir.resolve(), f"the tree at {args.baseline_dir}"
        else:
            rev = args.baseline or "main"
            found = subprocess.run(["git", "rev-parse", "--short", "--verify", f"{rev}^{{commit}}"], cwd=ROOT,
                                   capture_output=True, text=True)
            if found.returncode != 0:
                raise SystemExit(f"bench_matching: no commit {rev!r} in {ROOT} (give --baseline REV or --baseline-dir DIR)")
            commit = found.stdout.strip()
            (scratch / "baseline").mkdir()
            baseline = archive(rev, scratch / "baseline")
            described = f"{rev} ({commit}), git archive into a temporary directory"
        current = args.current_dir.resolve()
        inputs_file = scratch / "inputs.json"
        inputs_file.write_text(json.dumps({"phrases": phrases, "paraphrases": paraphrases}), encoding="utf-8")
        print(f"baseline: {described}; python {interpreter(baseline)}")
        print(f"current:  {current}; python {interpreter(current)}")
        print(f"inputs: {len(phrases)} phrases of {len(names)} corpora ({len(paraphrases)} of them the paraphrase "
              f"corpus's) and a {len(POSTING):,}-character posting; {args.rounds} rounds, {args.passes} passes, "
              f"{args.builds} builds, {args.posting_repeats} posting calls per process")
        print(f"machine: {cpu_description()}")
        rounds = []
        for i in range(args.rounds):
            order = ("baseline", "current") if i % 2 == 0 else ("current", "baseline")
            result = {}
            for side in order:
                print(f"round {i + 1}, {side}: load average {load_average()}", flush=True)
                result[side] = run_worker(baseline if side == "baseline" else current, inputs_file, args)
            rounds.append(result)
        print(f"end: load average {load_average()}")
    first = rounds[0]
    for side in ("baseline", "current"):
        r = first[side]
        print(f"{side}: {r['nodes']} nodes; the posting {r['posting_matched']} matched, {r['posting_outside']} not in "
              f"the curriculum; answers digest {r['digest']} (recommender.matching from {r['matching']})")
    same = {r[side]["digest"] for r in rounds for side in ("baseline", "current")}
    print("both trees give the same answers on every input" if len(same) == 1
          else "the trees' answers differ on some input")
    report(rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
