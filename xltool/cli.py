"""The ``xltool`` command line: parse, make one library call, render the result.

Every command is thin; the logic lives in the library so Python callers and the ribbon add-in get the same behaviour.
Unreadable input raises ``XltoolError`` anywhere below; ``run()`` turns it into a Chinese message on stderr and exit
status 2, in one place. Heavy libraries are imported inside the commands to keep start-up fast.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli_zh import ZhTyper
from .errors import XltoolError
from .writers.celltext import Cut, collecting_cuts
from .writers.files import refuse_overwrite

if TYPE_CHECKING:  # pragma: no cover
    from .findings import Findings
    from .importers.document import ImportResult

app = ZhTyper(
    name="xltool",
    help="政府信息公开工作年度报告工具：生成填报工作簿、校验数据、生成 Word 报告、审核已发布的报告。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
addin_app = ZhTyper(help="Excel 功能区加载项（xlwings）：生成、安装、卸载。", no_args_is_help=True)
app.add_typer(addin_app, name="addin")

# ---- shared options -------------------------------------------------------------------------------------------------

JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出结果（UTF-8）。")]
LastYearOpt = Annotated[
    Path | None,
    typer.Option("--last-year", metavar="文件", help="上年度的报告或工作簿，用于核对上年结转等跨年度规则。"),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它（默认不覆盖，以免丢失已有文件）。")]


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"xltool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="显示版本号并退出。")
    ] = False,
) -> None:
    """Options of ``xltool`` itself (the commands are below)."""


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _console() -> Any:
    """A rich console that prints data as it is: no markup, emoji codes or highlighting taken from the text.

    Messages quote what files hold ("填写“[/]”", an agency called "[red]…", a path with ":cn:"); read as rich markup, a
    stray "[/]" would end the command with an internal error and "[link=…]" would plant a terminal hyperlink.
    """
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def _print_findings(findings: Findings, title: str = "") -> None:
    """A readable table of findings for the terminal."""
    from rich.table import Table
    from rich.text import Text

    from .spec import ERROR, WARNING
    from .writers.marking import level

    console = _console()
    if title:
        console.print(title)
    if len(findings):
        table = Table(show_lines=False, header_style="bold")
        for col in ("级别", "规则", "说明（工作表!单元格 行 · 列：填写值与应填值）"):
            table.add_column(col, overflow="fold")
        for group in findings.groups():  # errors first; findings with one likely cause under that cell
            if group.cause:
                table.add_row(Text("原因", style="bold"), "", Text(group.heading, style="bold"))
            for f in group.findings:
                style = (
                    "red"
                    if f.severity == ERROR
                    else ("dim" if f.explained else "yellow" if f.severity == WARNING else "cyan")
                )
                text = ("└ " if group.cause else "") + f.message + (f"\n已说明：{f.explanation}" if f.explained else "")
                table.add_row(Text(level(f), style=style), f.rule, text)
        console.print(table)
    console.print(findings.summary())


def _print_cuts(cuts: list[Cut], whole: str, err: bool = False) -> None:
    """Say which texts did not fit in their cell (each cell ends with a marker) and where the whole text is."""
    for cut in cuts:
        typer.echo(f"注意：{cut.message}；{whole}。", err=err)


def _require_input(path: Path) -> Path:
    if not path.exists():
        raise XltoolError("F-NOT-FOUND", path=path)
    return path


# ---- commands -------------------------------------------------------------------------------------------------------


@app.command()
def new(
    output: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="输出的工作簿文件名。")] = Path(
        "政府信息公开年报.xlsx"
    ),
    agency: Annotated[str | None, typer.Option("--agency", metavar="名称", help="机关名称。")] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="年度", help="报告年度，如 2024。")] = None,
    from_json: Annotated[
        Path | None, typer.Option("--from", metavar="文件", help="从 Report JSON 文件生成已填好的工作簿。")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """生成填报工作簿（按 2021 年国家格式，含实时校验）。"""
    from .model import AnnualReport
    from .writers.workbook import build_workbook

    refuse_overwrite(output, from_json, force=force)
    if from_json is not None:
        from .readers.reportjson import read_report_json

        report = read_report_json(_require_input(from_json))
    else:
        report = AnnualReport.blank(year=year, name=agency)
    if agency:
        report.agency.name = agency
    if year:
        report.year = year
    with collecting_cuts() as cuts:
        build_workbook(output, report)
    _print_cuts(cuts, f"全文仍在 {from_json} 中" if from_json else "请改短后重新生成")
    typer.echo(f"已生成工作簿：{output}")


@app.command()
def check(
    file: Annotated[Path, typer.Argument(metavar="工作簿", help="要校验的年报工作簿（.xlsx）。")],
    as_json: JsonOpt = False,
    mark: Annotated[
        Path | None,
        typer.Option("--mark", metavar="文件", help="另存一份标注了问题单元格的副本（原文件不会被修改）。"),
    ] = None,
    last_year: LastYearOpt = None,
    force: ForceOpt = False,
) -> None:
    """校验工作簿：表格勾稽关系、数值格式、正文与表格一致性。有错误时退出码为 1。"""
    from . import check as run_check

    if mark is not None:
        refuse_overwrite(mark, file, force=force)
    findings = run_check(_require_input(file), last_year=last_year)
    if mark is not None:
        from .writers.marking import write_marked_copy

        write_marked_copy(file, mark, findings, force=force)  # never over ``file``, even with --force
    if as_json:
        _echo_json(findings.to_json())
    else:
        _print_findings(findings, f"校验：{file}")
        if mark is not None:
            typer.echo(f"已另存标注副本：{mark}")
    raise typer.Exit(findings.exit_code)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(metavar="工作簿", help="已填写的年报工作簿（.xlsx）。")],
    as_json: JsonOpt = True,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="文件", help="写入 JSON 文件（UTF-8），不指定则输出到屏幕。"),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """把工作簿导出为 Report JSON（交换格式）。"""
    # JSON is the only export format, so --json is accepted for symmetry with the other commands and changes nothing.
    # -o writes UTF-8 itself: a redirect on a Chinese Windows console would re-encode to GBK and lose rare characters.
    from . import read_workbook
    from .writers.files import write_text

    if output is not None:
        refuse_overwrite(output, file, force=force)
    report = read_workbook(_require_input(file))
    text = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    write_text(output, text + "\n")
    typer.echo(f"已导出 Report JSON：{output}")


@app.command()
def demo(
    output_dir: Annotated[Path, typer.Option("-o", "--output-dir", metavar="文件夹", help="示例文件输出目录。")] = Path(
        "xltool-demo"
    ),
    force: ForceOpt = False,
) -> None:
    """用内置示例（某镇 2024 年报告）生成工作簿并校验，无需联网或 Office。"""
    from . import check_report, read_workbook
    from .demo import DEMO_WORKBOOK, demo_report
    from .writers.docx import write_docx
    from .writers.files import os_reason
    from .writers.workbook import build_workbook

    # The report is read back from the workbook, the same path `xltool report` takes for a clerk's file. Files of an
    # earlier demo in the folder are replaced only with --force, and both are checked before either is written.
    workbook = output_dir / DEMO_WORKBOOK
    for target in (workbook, workbook.with_suffix(".docx")):
        refuse_overwrite(target, force=force)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XltoolError("F-OUTPUT", path=output_dir, reason=os_reason(exc)) from None
    build_workbook(workbook, demo_report())
    typer.echo(f"已生成示例工作簿：{workbook}")
    report = read_workbook(workbook)
    _print_findings(check_report(report), f"校验：{workbook}")
    docx = write_docx(report, workbook.with_suffix(".docx"))
    typer.echo(f"已生成示例 Word 报告：{docx}")


@app.command()
def report(
    file: Annotated[Path, typer.Argument(metavar="工作簿", help="已填写的年报工作簿（.xlsx）。")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="文件", help="输出的 Word 文件，默认与工作簿同名。")
    ] = None,
    template: Annotated[
        Path | None, typer.Option("--template", metavar="文件", help="自定义的 Word 模板（.docx）。")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转换为 PDF。")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="即使校验有错误也生成报告（草稿，不可直接报送）；Word、PDF 文件已存在时覆盖它。"),
    ] = False,
) -> None:
    """生成可直接报送的 Word 年度报告（有错误时拒绝生成，除非使用 --force）。"""
    from . import check_report, read_workbook
    from .writers.docx import DRAFT_MARK, render_report, save_report
    from .writers.pdf import convert_to_pdf

    # --force both lets a report with errors through (a draft) and allows replacing an existing .docx/.pdf; both
    # outputs are checked before anything is read, so a refusal leaves nothing behind.
    _require_input(file)
    out = output or file.with_suffix(".docx")
    if template is not None and not template.is_file():  # a missing input is the first thing to say
        raise XltoolError("F-NOT-FOUND", path=template)
    if out.suffix.lower() != ".docx":
        raise XltoolError("F-OUTPUT", path=out, reason="Word 报告的文件名应以 .docx 结尾")
    refuse_overwrite(out, file, template, force=force)  # never the workbook or the template it is made from
    if pdf:
        refuse_overwrite(out.with_suffix(".pdf"), file, template, force=force)
    report = read_workbook(file)  # read once: the report written is the report checked
    findings = check_report(report)
    _print_findings(findings, f"校验：{file}")
    if findings.errors:
        if not force:
            typer.echo("校验发现错误，未生成报告。请改正后重试；确需生成草稿可加 --force（不可直接报送）。")
            raise typer.Exit(1)
        typer.echo(
            "注意：已使用 --force，报告在校验有错误的情况下生成，其中的数字可能有误，请勿直接报送。"
            f"报告每页的页眉和水印都标有“{DRAFT_MARK}”。"
        )
    rendered = render_report(report, template, draft=bool(findings.errors))
    save_report(rendered, out)
    for notice in rendered.notices():
        typer.echo(notice)
    typer.echo(f"已生成 Word 报告：{out}")
    if pdf:
        typer.echo(f"已生成 PDF：{convert_to_pdf(out)}")


@app.command()
def draft(
    file: Annotated[Path, typer.Argument(help="已填好表格的年报工作簿（.xlsx）。")],
    output: Annotated[Path, typer.Option("-o", "--output", help="另存的工作簿（原文件不会被修改）。")],
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")] = False,
) -> None:
    """起草正文：另存一份工作簿，在空白的正文部分按表格写好惯用的统计语句（用【本年新收】等占位符，不填数字）。"""
    from . import check as run_check
    from .writers.draft import DRAFTED, KEPT, LEFT, UNKNOWN, write_drafted_copy

    result = write_drafted_copy(_require_input(file), output, force=force)
    lines = {DRAFTED: "已起草", KEPT: "保留原文", LEFT: "表格中没有可起草的内容，请自行填写", UNKNOWN: "未起草"}
    for status in (DRAFTED, KEPT, UNKNOWN, LEFT):
        for p in result.having(status):
            why = f"：{'、'.join(f'{s}!{a}' for s, a in p.places)} 为空或不是有效数字" if status == UNKNOWN else ""
            typer.echo(f"{lines[status]}：{p.where}{why}")
    typer.echo(f"已另存起草副本：{output}")
    findings = run_check(output)
    _print_findings(findings, f"起草副本的校验：{output}")
    raise typer.Exit(findings.exit_code)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(metavar="报告", help="已发布的年度报告（.txt / .docx / .pdf / .html）。")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="文件", help="输出的工作簿（.xlsx），默认与报告同名。")
    ] = None,
    last_year: Annotated[
        Path | None,
        typer.Option(
            "--last-year",
            metavar="文件",
            help="上年度的报告或工作簿：表格数字连在一起、有多种拆分时，用其“结转下年度继续办理”和现行有效件数判断如何拆分。",
        ),
    ] = None,
    as_json: JsonOpt = False,
    force: ForceOpt = False,
) -> None:
    """读取已发布的年度报告，生成已填好的工作簿或 Report JSON。"""
    from .importers import read_report
    from .readers import load_last_year

    target = output or source.with_suffix(".xlsx")
    if not as_json:  # before reading: a refusal should not wait for a long import
        refuse_overwrite(target, _require_input(source), force=force, kept="原始报告")
    previous = load_last_year(_require_input(last_year)) if last_year is not None else None
    result = read_report(_require_input(source), previous)
    if as_json:
        _echo_json(result.report.to_json())
        for line in _import_summary(source, result):
            typer.echo(line, err=True)
        raise typer.Exit(1 if result.missing else 0)
    from .writers.workbook import build_workbook

    with collecting_cuts() as cuts:
        build_workbook(target, result.report)
    for line in _import_summary(source, result):
        typer.echo(line)
    _print_cuts(cuts, f"全文见原报告 {source}，也可用 xltool import --json 导出（Report JSON 没有这一上限）")
    typer.echo(f"已生成工作簿：{target}")
    raise typer.Exit(1 if result.missing else 0)


def _import_summary(source: Path, result: ImportResult) -> list[str]:
    """What the user must know after an import: counts, each missing cell, each note."""
    from . import spec
    from .importers import cell_total, describe_cell

    report = result.report
    total = cell_total(report)
    name_label = next(f.label for f in spec.INFO_FIELDS if f.key == "name")
    lines = [
        f"已读取：{source}（{report.agency.name or f'{name_label}未识别'}，{report.year or '年度未识别'}）",
        f"统计表共 {total} 个数据单元格：原样读取 {total - len(result.inferred) - len(result.missing)} 个，"
        f"推断 {len(result.inferred)} 个，未能读取 {len(result.missing)} 个",
    ]
    if result.missing:
        lines.append("未能读取（工作簿中留空，请对照原文填写）：")
        lines += [f"  {describe_cell(key)}" for key in result.missing]
    lines += [f"注意：{note}" for note in result.notes]
    return lines


@app.command()
def audit(
    reports: Annotated[
        list[Path],
        typer.Argument(metavar="报告", help="报告文件、文件夹（含子文件夹）或通配符（如 *.pdf），可写多个。"),
    ],
    last_year: Annotated[
        Path | None,
        typer.Option(
            "--last-year",
            metavar="文件",
            help="上年度的报告：一个文件，或文件夹、通配符（按机关名称和年度与本批报告逐一配对），用于核对上年结转等跨年度规则，"
            "也用于判断本年报告中连在一起的数字如何拆分。",
        ),
    ] = None,
    as_json: JsonOpt = False,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary", metavar="文件", help="另存汇总表：.xlsx（汇总、问题清单、未能读取、跨年度四张表）或 .csv。"
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="进程数", help="同时审核的进程数，默认使用全部 CPU 核心。"),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """审核已发布的报告：表格规则、章节、正文数字、信息处理费说明、跨年度衔接；可一次审核整个文件夹。"""
    if _single_report(reports, last_year, summary):
        from . import check_report
        from .readers import load, load_last_year

        previous = load_last_year(last_year) if last_year is not None else None
        findings = check_report(load(reports[0], previous), previous)  # last year also settles run-together digits
        if as_json:
            _echo_json(findings.to_json())
        else:
            _print_findings(findings, f"审核：{reports[0]}")
        raise typer.Exit(findings.exit_code)
    from .rules.batch import audit_batch

    if summary is not None:  # before the batch: a refusal should not wait for a folder's audit
        refuse_overwrite(summary, *reports, force=force, kept="原始报告")
    with _progress(enabled=not as_json) as progress:
        result = audit_batch(
            reports, [last_year] if last_year else [], jobs, progress, exclude=[summary] if summary else []
        )
    if not result.reports:
        reason = f"，已跳过 {len(result.skipped)} 个不是年度报告的文件" if result.skipped else ""
        raise XltoolError("F-NO-REPORTS", paths="、".join(map(str, reports)), reason=reason)
    if summary is not None:
        from .writers.summary import write_summary

        with collecting_cuts() as cuts:
            write_summary(summary, result, force=force)
        _print_cuts(cuts, "完整的文字见 --json 的输出，或另存 .csv 汇总表", err=as_json)
    if as_json:
        _echo_json(result.to_json())
    else:
        _print_batch(result, summary)
    raise typer.Exit(result.exit_code)


def _single_report(reports: list[Path], last_year: Path | None, summary: Path | None) -> bool:
    """One named file without a summary is audited as `check` shows it (JSON ``{"findings": […]}``), with a single
    --last-year file forced as its previous year; anything else is a batch (JSON ``{"reports": […]}``)."""
    return len(reports) == 1 and reports[0].is_file() and summary is None and (last_year is None or last_year.is_file())


#: Up to this many reports, each one's findings are printed before the summary lines; beyond, see --summary.
_DETAILED_REPORTS = 10


def _print_batch(result, summary: Path | None) -> None:
    reports = result.reports
    for r in reports:
        if r.error:
            typer.echo(f"错误：{r.error[1]}", err=True)
        elif len(reports) <= _DETAILED_REPORTS:
            _print_findings(r.findings, f"审核：{r.path}")
    typer.echo(f"审核汇总（{len(reports)} 份报告）：")
    for r in reports:
        typer.echo(f"{r.path}：{r.summary()}")
    if result.pairs:
        typer.echo("跨年度配对：")
        for p in result.pairs:
            if p.decided:
                typer.echo(f"  {p.agency} {p.year} 年度：{p.current} ← 上年 {p.previous}")
            else:
                typer.echo(
                    f"  无法确定：{p.current}：{p.reason}"
                    + (f"（{'；'.join(map(str, p.candidates))}）" if p.candidates else "")
                )
    if result.skipped:
        typer.echo(f"已跳过 {len(result.skipped)} 个文件：")
        for s in result.skipped[:_DETAILED_REPORTS]:
            typer.echo(f"  {s.path}：{s.reason}")
        if len(result.skipped) > _DETAILED_REPORTS:
            typer.echo(f"  ……（其余 {len(result.skipped) - _DETAILED_REPORTS} 个见 --json 的 skipped）")
    if summary is not None:
        typer.echo(f"已生成汇总表：{summary}")
    elif len(reports) > _DETAILED_REPORTS:
        typer.echo("逐份的问题清单请用 --summary 汇总.xlsx 另存汇总表查看。")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """Progress on stderr: a rich bar in a terminal, a short line every few seconds otherwise, nothing for --json."""
    if not enabled:
        yield None
        return
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        tasks: dict[str, Any] = {}

        def show(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        with bar:
            yield show
        return
    last = [0.0]

    def line(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total and (now - last[0] >= _PROGRESS_SECONDS or (done == total and last[0])):
            last[0] = now
            typer.echo(f"{phase}：{done}/{total}", err=True)

    last[0] = time.monotonic()
    yield line


#: Seconds between two progress lines when stderr is not a terminal (a log, a pipe, a scheduled task).
_PROGRESS_SECONDS = 5.0


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", metavar="端口", help="本机端口；不指定则自动选择一个空闲端口。")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器。")] = False,
) -> None:
    """启动本机网页：下载填报工作簿、上传校验、生成 Word 报告、批量审核已发布报告（只能在本机访问）。"""
    import contextlib
    import secrets

    from .web.server import bind
    from .web.server import serve as run_server

    sock = bind(port)

    def ready(url: str) -> None:
        typer.echo(f"本机网页已启动：{url}")
        hint = (
            "请在浏览器中打开上面的地址。"
            if no_browser
            else "已尝试用默认浏览器打开；如未打开，请复制上面的地址到浏览器。"
        )
        typer.echo(hint + "关闭此窗口或按 Ctrl+C 即可退出。")

    # uvicorn shuts down gracefully on Ctrl-C and then passes it on: here stopping is the normal end, not a cancel.
    with contextlib.suppress(KeyboardInterrupt):
        run_server(sock, secrets.token_urlsafe(24), open_browser=not no_browser, on_ready=ready)
    typer.echo("网页服务已退出。")


@app.command()
def merge(
    inputs: Annotated[
        list[Path], typer.Argument(metavar="报告", help="要汇总的各单位报告：工作簿、Report JSON 或已发布的报告。")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="文件", help="输出的汇总工作簿（.xlsx）。")],
    agency: Annotated[str, typer.Option("--agency", metavar="名称", help="汇总报告的机关名称，如“某县人民政府”。")],
    year: Annotated[
        int | None, typer.Option("--year", metavar="年度", help="报告年度；不指定时取各报告的年度（必须一致）。")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """把各部门、乡镇街道的报告逐格相加，生成本地区的汇总工作簿（各报告必须是同一年度）。"""
    from .rules.rollup import merge_files
    from .writers.summary import write_merged

    refuse_overwrite(output, *inputs, force=force, kept="原始报告")
    merged = merge_files([_require_input(p) for p in inputs], agency, year)
    write_merged(output, merged, force=force)
    for item in merged.inputs:
        typer.echo(
            f"{item.path}：{item.agency or '机关名称未识别'}，{item.year} 年度"
            + (f"，{len(item.gaps)} 个单元格空白或未能读取：" if item.gaps else "，全部单元格有数")
        )
        for gap in item.gaps:
            typer.echo(f"  {gap.sheet}!{gap.address} {gap.row_label} · {gap.col_label}：{gap.why}")
    if not merged.exact:
        typer.echo("注意：以上单元格没有计入合计，汇总数可能偏小，请核对原报告后在汇总工作簿中修正。")
    typer.echo(f"已生成汇总工作簿（{len(merged.inputs)} 份报告）：{output}")


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(metavar="报告A", help="报告 A（任何可读取的格式）。")],
    b: Annotated[Path, typer.Argument(metavar="报告B", help="报告 B。")],
    as_json: JsonOpt = False,
    summary: Annotated[
        Path | None, typer.Option("--summary", metavar="文件", help="另存差异表（.xlsx 或 .csv）。")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """逐格比较两份报告；相邻两个年度的还核对上年结转、现行有效件数和正文重复比例。有差异时退出码为 1。"""
    from .rules.rollup import compare_files

    if summary is not None:
        refuse_overwrite(summary, a, b, force=force, kept="原始报告")
    result = compare_files(_require_input(a), _require_input(b))
    if summary is not None:
        from .writers.summary import write_comparison

        write_comparison(summary, result, force=force)
    if as_json:
        _echo_json(result.to_json())
    else:
        _print_comparison(result)
        if summary is not None:
            typer.echo(f"已生成差异表：{summary}")
    raise typer.Exit(result.exit_code)


def _print_comparison(result) -> None:
    from rich.table import Table

    from .findings import show_value

    console = _console()
    console.print(f"A：{result.a}（{result.a_info[0] or '机关名称未识别'}，{result.a_info[1] or '年度未识别'}）")
    console.print(f"B：{result.b}（{result.b_info[0] or '机关名称未识别'}，{result.b_info[1] or '年度未识别'}）")
    if result.cells:
        table = Table(header_style="bold")
        for col in ("位置", "行 · 列", "A", "B"):
            table.add_column(col, overflow="fold")
        for d in result.cells:
            table.add_row(f"{d.sheet}!{d.address}", f"{d.row_label} · {d.col_label}", show_value(d.a), show_value(d.b))
        console.print(table)
    console.print(f"共 {len(result.cells)} 个单元格不同。" if result.cells else "两份报告的表格数据完全相同。")
    if result.consecutive:
        from .findings import Findings

        _print_findings(Findings(list(result.cross_year)), "跨年度衔接（后一年度对照前一年度）：")
        console.print(f"后一年度正文与前一年度相同的比例：{result.repeated:.0%}")


@addin_app.command("build")
def addin_build(
    output_dir: Annotated[Path, typer.Option("-o", "--output-dir", metavar="文件夹", help="输出目录。")] = Path("."),
    interpreter: Annotated[
        str | None,
        typer.Option(
            "--interpreter", metavar="路径", help="使用加载项的电脑上 Python 的路径；不填时用本机正在运行的 Python。"
        ),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            metavar="Windows|macOS",
            help="加载项在哪种电脑上使用：Windows 或 macOS；不填时按 --interpreter 的路径判断，或为本机。",
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """生成 Excel 加载项 xltool.xlam（功能区“政务公开年报”选项卡）。"""
    from .addin.build import build_addin

    path = build_addin(output_dir, interpreter=interpreter, force=force, platform=platform)
    typer.echo(f"已生成加载项：{path}")


@addin_app.command("install")
def addin_install() -> None:
    """把加载项安装到本机 Excel（需要 Windows 或 macOS 上的 Excel）。"""
    from .addin.install import install_addin

    raise typer.Exit(install_addin(echo=typer.echo))


@addin_app.command("uninstall")
def addin_uninstall() -> None:
    """从本机 Excel 卸载加载项。"""
    from .addin.install import uninstall_addin

    raise typer.Exit(uninstall_addin(echo=typer.echo))


LOG_FILE = "xltool.log"  # in writers.files.user_dir(): the tracebacks of internal errors

# ---- entry point ----------------------------------------------------------------------------------------------------


def _console_safe() -> None:
    """Never crash on a GBK console: characters it cannot show are replaced, not raised."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def run(argv: list[str] | None = None) -> None:
    """Console-script entry: run the app and turn every failure into a Chinese message and a documented exit status.

    0 ok / warnings, 1 errors found, 2 unusable input, output or command line, 3 internal error (traceback in a log),
    130 cancelled. Nothing reaches the user as a traceback.
    """
    _console_safe()
    sys.exit(_run(sys.argv[1:] if argv is None else argv))


def _run(args: list[str]) -> int:
    from . import cli_zh

    try:
        # Without standalone mode click returns a command's typer.Exit code instead of exiting: pass it on.
        code = app(args=args, standalone_mode=False, prog_name="xltool")
    except XltoolError as exc:
        return _fail(f"错误：{exc.message}", 2)
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt, cli_zh.Abort):
        return _fail("已取消。", 130)
    except cli_zh.UsageError as exc:
        cli_zh.show_usage_error(exc, None if exc.ctx else cli_zh.command_context(app, "xltool", args))
        return 2
    except cli_zh.ClickException as exc:  # e.g. a file click could not open
        return _fail(f"错误：{exc.format_message()}", 2)
    except OSError as exc:  # anything not wrapped below: still the user's file, not our bug
        from .writers.files import os_reason

        where = f"{exc.filename}：" if exc.filename else ""
        return _fail(f"错误：无法读写 {where}{os_reason(exc)}", 2)
    except Exception as exc:
        from .writers.files import log_exception

        log = log_exception(LOG_FILE)
        return _fail(
            f"内部错误：{exc.__class__.__name__}: {exc}\n详细信息已写入日志文件：{log}\n"
            "请把该文件发给维护人员。已有的文件没有被修改。",
            3,
        )
    if code == 130:  # typer turns Ctrl-C inside a command into exit code 130 without a word
        return _fail("已取消。", 130)
    return code if isinstance(code, int) else 0


def _fail(message: str, code: int) -> int:
    typer.echo(message, err=True)
    return code
