"""`translate-news bench`: what the default path costs on this machine, measured.

- paths.py: the default path against the naive transformers pattern, each stage timed in a
  process of its own;
- command.py: the real command timed from outside: the first paragraph on stdout (a pipe,
  and the rich view on a pseudo-terminal), and the whole run streamed against -o FILE;
- models.py: the preset's models, or random-weight models of their exact shapes;
- report.py: the figures as text, against the goals.
"""
from translate_news.bench.models import bench_models
from translate_news.bench.report import format_report
from translate_news.bench.run import run_bench

__all__ = ["bench_models", "format_report", "run_bench"]
