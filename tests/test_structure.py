"""The package's shape, held to what the README says about it."""
import ast
import re
from pathlib import Path

from conftest import ROOT

from translate_news.errors import EXIT_CODES

PACKAGE = ROOT / "translate_news"
HEAVY = {"torch", "transformers", "ctranslate2", "sentencepiece", "tokenizers", "safetensors"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, path


def imports(path: Path, name: str) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1], base]).strip(".")
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return found


def test_only_the_backends_import_the_model_libraries():
    offenders = {name: sorted(imp.split(".")[0] for imp in imports(path, name) if imp.split(".")[0] in HEAVY)
                 for name, path in modules() if not name.startswith("translate_news.backends")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_circles():
    names = dict(modules())
    graph = {}
    for name, path in names.items():
        targets = {i for i in imports(path, name) if i in names and i != name}
        if path.name == "__init__.py":  # a package may load its own modules (lazily): not a circle
            targets = {t for t in targets if not t.startswith(name + ".")}
        graph[name] = targets
    seen, path_stack = {}, []

    def visit(node):
        seen[node] = "open"
        path_stack.append(node)
        for nxt in graph[node]:
            assert seen.get(nxt) != "open", " -> ".join([*path_stack[path_stack.index(nxt):], nxt])
            if nxt not in seen:
                visit(nxt)
        path_stack.pop()
        seen[node] = "done"

    for node in graph:
        if node not in seen:
            visit(node)


def test_a_package_s_modules_import_their_siblings_never_its_face():
    """A module inside a package takes what it needs from the sibling that defines it: a name
    taken from the package's __init__ is an import back up (and a circle once the __init__
    loads that module), as when backends/__init__ held both the interfaces and the factory."""
    names = dict(modules())
    offenders = []
    for name, path in names.items():
        if path.name == "__init__.py":
            continue
        package = name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module == package != "translate_news":
                offenders += [f"{name}: {a.name}" for a in node.names if f"{package}.{a.name}" not in names]
    assert offenders == []


def test_the_backends_face_only_hands_names_on():
    """backends/__init__.py defines nothing: the interfaces live in base.py, opening a model in factory.py."""
    tree = ast.parse((PACKAGE / "backends" / "__init__.py").read_text(encoding="utf-8"))
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    assert all(isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("translate_news.backends.")
               for n in body)


def test_the_readme_says_whether_bench_runs_through_the_job_layer():
    """The architecture block names what goes through job.py; bench's in-process paths drive the
    engines directly, and the README must say so (or bench must import the job layer)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Architecture"):readme.index("Where a change goes")]
    through_job = any("translate_news.job" in imports(path, name)
                      for name, path in modules() if name.startswith("translate_news.bench"))
    said = "bench times the engines in-process" in block and "no job" in block
    assert through_job != said


def test_every_module_stays_small():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules()}
    assert {k: v for k, v in sizes.items() if v > 400} == {}


def test_the_readme_exit_code_table_is_the_code_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Exit codes"):]
    table = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.M)}
    assert table == {int(c) for c in EXIT_CODES}
