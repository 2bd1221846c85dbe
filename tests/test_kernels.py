"""Kernels started ahead: the notebook's modules loaded silently, its outputs as on a cold kernel."""

import nbformat

from cookbook.kernels import KernelsAhead, imported_modules, start_kernel, stop_kernel


def _notebook(path, cells):
    made = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    made.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(made, path)
    return path


def _run(manager, code):
    """What `code` prints in the kernel, and the execution count it gets."""
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        printed = []

        def keep(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        reply = client.execute_interactive(code, timeout=60, output_hook=keep)
        return "".join(printed), reply["content"]["execution_count"]
    finally:
        client.stop_channels()


def test_the_modules_are_the_top_level_imports_of_the_code_cells_first_use_first(tmp_path):
    notebook = _notebook(
        tmp_path / "n.ipynb",
        [
            "import json\nfrom os import path as p\nimport xml.dom, json",
            "%matplotlib inline\nimport never_seen",  # a magic: not Python, left out
            "from . import sibling\nfrom email.message import Message\n\ndef f():\n    import inside",
        ],
    )
    assert imported_modules(notebook) == ["json", "os", "xml.dom", "email.message"]
    assert imported_modules(tmp_path / "missing.ipynb") == []
    (tmp_path / "broken.ipynb").write_text("not json")
    assert imported_modules(tmp_path / "broken.ipynb") == []


def test_a_warm_kernel_has_the_modules_and_nothing_else_of_the_notebook(tmp_path):
    (tmp_path / "quiet_module.py").write_text("LOADED = True\n")
    manager = start_kernel(tmp_path, ["quiet_module", "no_such_module"])
    try:
        leaked = "[n for n in ('importlib', 'name') if n in dir()]"
        code = f"import sys\nprint('quiet_module' in sys.modules, {leaked})"
        printed, count = _run(manager, code)
    finally:
        stop_kernel(manager)
    assert printed == "True []\n"  # loaded, and no name bound in the notebook's namespace
    assert count == 1  # the warm-up took no execution count


def test_a_warm_up_that_shows_anything_gives_a_cold_kernel(tmp_path):
    (tmp_path / "loud_module.py").write_text("print('hello from the import')\n")
    manager = start_kernel(tmp_path, ["loud_module"])
    try:
        printed, count = _run(manager, "import sys\nprint('loud_module' in sys.modules)\nimport loud_module")
    finally:
        stop_kernel(manager)
    assert printed == "False\nhello from the import\n"  # the notebook's cell shows what its import prints
    assert count == 1


def test_kernels_start_ahead_in_order_and_all_stop(tmp_path):
    notebooks = [_notebook(tmp_path / f"n{i}.ipynb", ["import json"]) for i in range(3)]
    with KernelsAhead([notebooks[0], None, *notebooks[1:]], ahead=1) as kernels:
        first = kernels.take(0)
        assert kernels.take(1) is None  # a missing notebook needs no kernel
        taken = [first, kernels.take(2)]
        assert all(manager.is_alive() for manager in taken)
        for manager in taken:
            kernels.give_back(manager)
    assert not any(manager.is_alive() for manager in taken)  # stopped by the time the pool closes
