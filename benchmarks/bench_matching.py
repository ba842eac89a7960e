"""Matching speed: per phrase and on a 5,000-character job posting, against the previous matcher.

    python benchmarks/bench_matching.py [--repeats N] [--baseline COMMIT]

The baseline is the matcher as it was before issue 13 (character n-gram
TF-IDF as the matcher itself), read from git at :data:`BASELINE_COMMIT` and
run in the same process on the same curriculum, so the ratios hold on a
noisy shared machine.  ``--baseline main`` (or any later commit) takes that
commit's ``recommender/matching.py`` instead, with today's helper modules and
result models (they kept their interfaces since), to time one round of work
against the matcher it started from.  Its result models are those of that commit.  Both
matchers are built first and warmed on one call (the baseline fits its
TF-IDF on first need, the new matcher only for "similar" suggestions), so
the figures are steady-state; building is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpora"))

from matching_figures import HELD_OUT, PARAPHRASE, TUNED, load  # noqa: E402

from graph.curriculum import load_graph  # noqa: E402
from graph.models import FrozenModel, NodeId  # noqa: E402
from recommender.matching import SkillMatcher  # noqa: E402

#: The last commit of main with the pre-issue-13 matcher.
BASELINE_COMMIT = "cd0119d"

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


def baseline_matcher(graph, commit: str = BASELINE_COMMIT):
    """The matcher of ``commit``, its source taken from git; the pre-issue-13 one with the result models of its time."""
    source = subprocess.run(["git", "show", f"{commit}:recommender/matching.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("baseline_matching")
    sys.modules["baseline_matching"] = module
    if commit != BASELINE_COMMIT:
        exec(compile(source, "baseline_matching.py", "exec"), module.__dict__)
        return module.SkillMatcher(graph)
    models = types.ModuleType("baseline_models")

    class Suggestion(FrozenModel):
        id: NodeId
        name: str
        score: float

    class SkillMatch(FrozenModel):
        query: str
        id: NodeId | None = None
        name: str | None = None
        confidence: float = 0.0
        method: Literal["id", "name", "alias", "tfidf", "none"] = "none"
        suggestions: tuple[Suggestion, ...] = ()

    models.Suggestion, models.SkillMatch = Suggestion, SkillMatch
    sys.modules["baseline_models"] = models
    exec(compile(source.replace("from recommender.models import", "from baseline_models import"),
                 "baseline_matching.py", "exec"), module.__dict__)
    return module.SkillMatcher(graph)


def per_call_ms(function, inputs, repeats: int) -> list[float]:
    """Milliseconds per input over each of ``repeats`` passes."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in inputs:
            function(text)
        samples.append((time.perf_counter() - start) * 1000 / len(inputs))
    return samples


def build_ms(make, graph, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        make(graph)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--baseline", default=BASELINE_COMMIT, help="the commit whose matcher is the baseline")
    args = parser.parse_args(argv)
    graph = load_graph(ROOT / "seed_data")
    phrases = [p.text for p in load(TUNED) + load(HELD_OUT)]
    paraphrases = [p.text for p in load(PARAPHRASE)]
    old, new = baseline_matcher(graph, args.baseline), SkillMatcher(graph)
    for matcher in (old, new):
        matcher.match(POSTING)
        matcher.match("qwzx")  # both fit their TF-IDF here
    rows = [
        ("build the matcher (ms)", build_ms(type(old), graph, args.repeats), build_ms(SkillMatcher, graph, args.repeats)),
        (f"one corpus phrase (ms, {len(phrases)} phrases)", per_call_ms(old.match, phrases, args.repeats),
         per_call_ms(new.match, phrases, args.repeats)),
        (f"one paraphrase (ms, {len(paraphrases)} phrases)", per_call_ms(old.match, paraphrases, args.repeats),
         per_call_ms(new.match, paraphrases, args.repeats)),
        (f"{len(POSTING):,}-character posting (ms)", per_call_ms(old.match, [POSTING], args.repeats * 3),
         per_call_ms(new.match, [POSTING], args.repeats * 3)),
    ]
    print(f"baseline: the matcher of {args.baseline}")
    print(f"{'':<40} {'baseline':>10} {'new':>10} {'new/baseline':>13}")
    for label, before, after in rows:
        b, a = statistics.median(before), statistics.median(after)
        print(f"{label:<40} {b:>10.2f} {a:>10.2f} {a / b:>12.2f}x")
    found = [m for m in new.match(POSTING)]
    print(f"posting: new matcher {sum(1 for m in found if m.id)} matched, "
          f"{sum(1 for m in found if not m.id)} not in the curriculum; "
          f"baseline {sum(1 for m in old.match(POSTING) if m.id)} matched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
