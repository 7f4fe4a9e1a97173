"""Benchmark of hostile and oversized Word templates (issue 8): each is refused (or rendered) in how long, with how much memory.

Run: python benchmarks/bench_template.py. Each case runs in a fresh process, so its peak memory (ru_maxrss) is its own;
the figures in docs/word-report.md come from it. Not a test: timings depend on the machine, so nothing here asserts.
"""

from __future__ import annotations

import io
import platform
import resource
import subprocess
import sys
import time
import zipfile

LOOP = "{% for para in overview %}{{ para.body }}{% endfor %}"

#: name → (what the case is, how the template is edited: "para" text, or a special builder)
CASES: dict[str, str] = {
    "default": "默认模板（对照）",
    "nested-range": "嵌套循环 range(10**9) × range(10**9)",
    "multiply": "字符串乘法 agency_name * 10**8",
    "command": "cycler.__init__.__globals__.os.system(…)",
    "loops-10000": "一个段落里 1 万个合法循环",
    "budget": "90 个合法循环 × 10 万字的正文（填写后超限）",
    "big-text": "3000 段固定文字（模板约 80 万字符，可用）",
    "zip-bomb": "解压后 60 MB 的附件（文件约 60 KB）",
}


def build(case: str) -> tuple[bytes, object]:
    """The template bytes and the report for one case."""
    from docx import Document

    from xltool.demo import demo_report
    from xltool.writers.wordtemplate import repo_template_path

    report = demo_report()
    doc = Document(str(repo_template_path()))
    paragraphs = {
        "nested-range": ["{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}"],
        "multiply": ["{{ agency_name * 10**8 }}"],
        "command": ["{{ cycler.__init__.__globals__.os.system('echo pwned') }}"],
        "loops-10000": [LOOP * 10_000],
        "budget": [LOOP] * 90,
        "big-text": ["这是本单位在模板中写下的一段固定文字，" * 8] * 3000,
    }.get(case, [])
    for text in paragraphs:
        doc.add_paragraph(text)
    if case == "budget":
        report.sections["一"] = "\n".join(["（一）主动公开。" + "字" * 500] * 200)
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    if case == "zip-bomb":
        bomb = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info.filename))
            dst.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
        data = bomb.getvalue()
    return data, report


def run_case(case: str) -> None:
    """In the child process: render once, print seconds, peak MB and the outcome."""
    from xltool.errors import XltoolError
    from xltool.writers.docx import render_report

    data, report = build(case)
    start = time.perf_counter()
    try:
        render_report(report, data)
        outcome = "生成"
    except XltoolError as exc:
        outcome = "拒绝：" + exc.message.split("：", 1)[1][:60]
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.2f}\t{peak:.0f}\t{outcome}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        run_case(sys.argv[2])
        return
    print(f"# {platform.processor() or platform.machine()} · {platform.python_version()} · 每项一个新进程")
    print(f"{'情况':<44} {'耗时':>7} {'峰值内存':>8}  结果")
    for case, label in CASES.items():
        done = subprocess.run([sys.executable, __file__, "--case", case], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{label:<44} 失败：{done.stderr.strip().splitlines()[-1:]}")
            continue
        seconds, peak, outcome = done.stdout.strip().split("\t")
        print(f"{label:<44} {seconds:>6} s {peak:>5} MB  {outcome}")


if __name__ == "__main__":
    main()
