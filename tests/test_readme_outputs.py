"""The README's checked examples print exactly the output the README shows.

A README code block is *checked* when the HTML comment ``<!-- checked: NAME
... -->`` stands just before its ```` ```python ```` fence; the
```` ```text ```` block that follows it is its expected output. The test runs
the code (capturing stdout) and compares line by line, trailing whitespace
stripped. Blocks are found by their marker, not by position, so sections can
move.

Everything these blocks print must be the same on every machine: means of
the deterministic simulation engines rounded to 3 decimals (a float the
engines compute can differ in its last bit where libm takes another code
path, for instance on a CPU without FMA; the rounded means do not show it),
and solver results rounded to the digits their method guarantees. See
``tests/test_doc_digits.py``, which also reruns these blocks with numpy's
SIMD level, the BLAS kernel and libm's code paths switched.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CHECKED = ("tour", "equilibria", "space")

_MARKER = re.compile(r"<!--\s*checked:\s*([\w-]+)\b.*?-->", re.S)
_BLOCK = re.compile(
    r"\s*```python[ \t]*\n(?P<code>.*?)^```[ \t]*\n\s*```text[ \t]*\n(?P<out>.*?)^```",
    re.S | re.M,
)


def checked_blocks(text: str) -> dict[str, tuple[str, str]]:
    """Map each ``<!-- checked: NAME -->`` marker to (code, expected output)."""
    blocks: dict[str, tuple[str, str]] = {}
    for marker in _MARKER.finditer(text):
        name = marker.group(1)
        if name in blocks:
            raise AssertionError(f"README marker 'checked: {name}' appears twice")
        block = _BLOCK.match(text, marker.end())
        if block is None:
            line = text.count("\n", 0, marker.start()) + 1
            raise AssertionError(
                f"README line {line}: marker 'checked: {name}' is not followed by a "
                "```python block and its ```text output block"
            )
        blocks[name] = (block.group("code"), block.group("out"))
    return blocks


def run_block(code: str) -> str:
    """Run README code in a fresh namespace and return what it printed."""
    buffer = io.StringIO()
    namespace = {"__name__": "__readme__"}
    with contextlib.redirect_stdout(buffer), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<README block>", "exec"), namespace)
    return buffer.getvalue()


def normalise(text: str) -> list[str]:
    """Lines with trailing whitespace stripped, without trailing blank lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def compare(name: str, code: str, expected: str) -> str | None:
    """``None`` when the block prints ``expected``; otherwise a report with the new output."""
    got = normalise(run_block(code))
    want = normalise(expected)
    if got == want:
        return None
    first = next(
        (i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
        min(len(got), len(want)),
    )
    return (
        f"README block 'checked: {name}' no longer prints what the README shows; "
        f"first difference at output line {first + 1}:\n"
        f"  README: {want[first] if first < len(want) else '<end>'!r}\n"
        f"  now:    {got[first] if first < len(got) else '<end>'!r}\n"
        "It now prints (paste into the ```text block after checking it):\n" + "\n".join(got)
    )


def test_every_checked_block_is_found():
    assert sorted(checked_blocks(README.read_text())) == sorted(CHECKED)


def test_marker_parser_rejects_a_marker_without_output_block():
    with pytest.raises(AssertionError, match="not followed by"):
        checked_blocks("<!-- checked: x -->\n```python\nprint(1)\n```\n\nprose\n")
    text = "<!-- checked: x -->\n\n```python\nprint(1)\n```\n\n```text\n1\n```\n"
    code, out = checked_blocks(text)["x"]
    assert (run_block(code), out) == ("1\n", "1\n")


@pytest.mark.parametrize("name", CHECKED)
def test_readme_block_prints_what_the_readme_shows(name):
    code, expected = checked_blocks(README.read_text())[name]
    problem = compare(name, code, expected)
    assert problem is None, problem
