"""The local web service over real HTTP: token, Host check, limits, the JSON API equal to the CLI's, a burst."""

from __future__ import annotations

import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from console import as_in_a_terminal
from web_support import TOKEN, broken_workbook, demo_workbook, running

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    return {"clean": demo_workbook(folder), "broken": broken_workbook(folder)}


def _client(server) -> httpx.Client:
    return httpx.Client(base_url=server.base, cookies={"xltool_token": server.token}, timeout=60)


def _upload(path: Path, field: str = "file") -> dict:
    return {field: (path.name, path.read_bytes(), XLSX)}


def test_the_page_needs_the_launch_token(live_server):
    with httpx.Client(base_url=live_server.base, timeout=30) as anonymous:
        refused = anonymous.get("/")
        assert refused.status_code == 403
        assert "访问令牌" in refused.json()["error"]["message"]
        assert anonymous.get("/?token=wrong").status_code == 403
        assert anonymous.post("/api/check").status_code == 403
        entered = anonymous.get(f"/?token={live_server.token}", follow_redirects=False)
        assert entered.status_code == 303 and entered.headers["location"] == "/"
        assert "xltool_token" in entered.headers["set-cookie"] and "httponly" in entered.headers["set-cookie"].lower()
        page = anonymous.get("/")  # the cookie set by the first visit now admits it
        assert page.status_code == 200 and "填报与校验" in page.text


def test_the_token_is_accepted_as_a_query_parameter_by_the_api(live_server, books):
    with httpx.Client(base_url=live_server.base, timeout=60) as script:
        answer = script.post(f"/api/check?token={live_server.token}", files=_upload(books["clean"]))
        assert answer.status_code == 200 and "findings" in answer.json()


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:80", "127.0.0.1.attacker.example", "192.168.1.5"]
)
def test_a_foreign_host_header_is_refused(live_server, host):
    with _client(live_server) as client:
        answer = client.get("/", headers={"Host": host})
        assert answer.status_code == 403
        assert "只接受本机地址" in answer.json()["error"]["message"]


def test_localhost_is_a_local_host(live_server):
    port = live_server.base.rsplit(":", 1)[1]
    with _client(live_server) as client:
        assert client.get("/", headers={"Host": f"localhost:{port}"}).status_code == 200


@pytest.mark.parametrize("kind", ["clean", "broken"])
def test_api_check_returns_what_check_json_prints(live_server, books, cli, kind):
    with _client(live_server) as client:
        answer = client.post("/api/check", files=_upload(books[kind]))
    assert answer.status_code == 200
    printed = cli("check", books[kind], "--json")
    assert answer.json() == json.loads(printed.out)
    assert (printed.code == 1) == (kind == "broken")


def test_api_audit_returns_what_audit_json_prints(live_server, books, cli, tmp_path, monkeypatch):
    bad = tmp_path / "不是报告.txt"
    bad.write_text("会议通知\n请各单位按时参加。\n", encoding="utf-8")
    files = [books["clean"], books["broken"], bad]
    with _client(live_server) as client:
        answer = client.post("/api/audit", files=[("files", (p.name, p.read_bytes())) for p in files])
    assert answer.status_code == 200
    for p in files:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.chdir(tmp_path)
    printed = cli("audit", *[p.name for p in files], "--json")
    assert answer.json() == json.loads(printed.out)
    statuses = [("error" in r) for r in answer.json()["reports"]]
    assert statuses == [False, False, True]


def test_bad_input_gets_the_cli_message_and_the_service_keeps_running(live_server, books):
    with _client(live_server) as client:
        answer = client.post("/api/check", files={"file": ("年报.xlsx", "这不是工作簿".encode(), XLSX)})
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert error["code"] == "F-NOT-ZIP" and "不是 Excel 工作簿" in error["message"]
        assert client.post("/api/check", files={}).json()["error"]["message"].startswith("没有收到文件")
        assert client.post("/api/check", files=_upload(books["clean"])).status_code == 200


def test_upload_limits_are_stated_in_chinese(books):
    from xltool.web.server import UploadLimits, create_app

    app = create_app(TOKEN, limits=UploadLimits(file_bytes=4096, files=2))
    with running(app) as base, httpx.Client(base_url=base, cookies={"xltool_token": TOKEN}, timeout=30) as client:
        big = client.post("/api/check", files=_upload(books["clean"]))
        assert big.status_code == 413
        assert "过大" in big.json()["error"]["message"] and "每个文件不超过" in big.json()["error"]["message"]
        many = client.post("/api/audit", files=[("files", (f"{i}.txt", b"x")) for i in range(3)])
        assert many.status_code == 413 and "超过上限" in many.json()["error"]["message"]


def test_an_upload_name_cannot_choose_where_it_is_written(live_server, books):
    with _client(live_server) as client:
        answer = client.post("/ui/check", files={"file": ("../../逃出.xlsx", books["clean"].read_bytes(), XLSX)})
    assert answer.status_code == 200
    written = [p for p in live_server.jobs_root.rglob("*逃出*")]
    assert written and all(live_server.jobs_root in p.parents for p in written)
    assert not (live_server.jobs_root.parent / "逃出.xlsx").exists()


def test_the_report_is_refused_while_errors_remain_and_a_draft_is_marked(live_server, books):
    with _client(live_server) as client:
        result = client.post("/ui/check", files=_upload(books["broken"])).json()
        assert result["can_report"] is False and result["counts"]["errors"] > 0
        assert [f["level"] for f in result["findings"]] == sorted(
            (f["level"] for f in result["findings"]), key=["错误", "警告", "已说明"].index
        )
        assert {f["cause"] for f in result["findings"] if f["level"] == "错误"} == {
            "可能的原因：三、依申请公开!D4（以下 2 条，请先核对这个单元格）"
        }
        refused = client.get(f"/ui/jobs/{result['job']}/report.docx")
        assert refused.status_code == 409 and "草稿" in refused.json()["error"]["message"]
        draft = client.get(f"/ui/jobs/{result['job']}/report.docx?draft=1")
        assert draft.status_code == 200
        assert "%E8%8D%89%E7%A8%BF" in draft.headers["content-disposition"]  # 草稿 in the file name
        assert "word/document.xml" in zipfile.ZipFile(BytesIO(draft.content)).namelist()


def test_the_marked_copy_downloads_with_its_results_sheet(live_server, books):
    from openpyxl import load_workbook

    with _client(live_server) as client:
        result = client.post("/ui/check", files=_upload(books["broken"])).json()
        marked = client.get(f"/ui/jobs/{result['job']}/marked")
    assert marked.status_code == 200
    wb = load_workbook(BytesIO(marked.content))
    assert "校验结果" in wb.sheetnames
    marked_cells = {
        (t["sheet"], c["address"]) for t in result["tables"] for row in t["rows"] for c in row if c.get("mark")
    }
    assert ("三、依申请公开", "D4") in marked_cells


def test_the_drafted_copy_downloads_with_the_empty_parts_written(live_server, tmp_path):
    from openpyxl import load_workbook

    from xltool import build_workbook
    from xltool.demo import demo_report

    report = demo_report()
    report.sections = {"六": "其他事项由办公室撰写。"}
    build_workbook(tmp_path / "正文空白.xlsx", report)
    with _client(live_server) as client:
        result = client.post("/ui/check", files=_upload(tmp_path / "正文空白.xlsx")).json()
        drafted = client.get(f"/ui/jobs/{result['job']}/drafted")
    assert drafted.status_code == 200
    assert "%E8%B5%B7%E8%8D%89" in drafted.headers["content-disposition"]  # 起草 in the file name
    wb = load_workbook(BytesIO(drafted.content))
    assert wb["一、总体情况"]["B5"].value.startswith("（二）依申请公开情况。本年度新收政府信息公开申请【本年新收】件")
    assert wb["六、其他事项"]["B3"].value == "其他事项由办公室撰写。"  # the clerk's words stay


def test_an_expired_job_says_so(live_server):
    with _client(live_server) as client:
        answer = client.get("/ui/jobs/0000000000000000/marked")
    assert answer.status_code == 404 and "已过期" in answer.json()["error"]["message"]


def test_a_burst_of_twenty_concurrent_checks_all_succeed(live_server, books):
    data = books["broken"].read_bytes()

    def one(_i: int) -> tuple[int, dict]:
        with _client(live_server) as client:
            answer = client.post("/api/check", files={"file": ("年报.xlsx", data, XLSX)})
            return answer.status_code, answer.json()

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(one, range(20)))
    assert all(code == 200 for code, _ in answers)
    assert all(body == answers[0][1] for _, body in answers)


def test_xltool_serve_audits_with_every_core_and_stops_cleanly_on_ctrl_c(books, tmp_path, cli, monkeypatch):
    """The real command: prints its address and hint, audits a batch in worker processes (forked from a fork server,
    safe beside uvicorn's threads) exactly as `audit --json`, and on Ctrl-C says goodbye and removes its job folders."""
    import re
    import signal
    import subprocess
    import sys

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "xltool", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        preexec_fn=as_in_a_terminal,
    )
    try:
        first, hint = proc.stdout.readline(), proc.stdout.readline()
        address = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", first)
        assert address and "Ctrl+C 即可退出" in hint
        base, token = address.groups()
        files = [books["clean"], books["broken"]]
        with httpx.Client(base_url=base, params={"token": token}, timeout=120) as client:
            answer = client.post("/api/audit", files=[("files", (p.name, p.read_bytes())) for p in files])
        assert answer.status_code == 200
        assert list(tmp_path.glob("xltool-serve-*")), "uploads are kept in a temporary folder while serving"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "网页服务已退出" in out and "Traceback" not in err
    assert not list(tmp_path.glob("xltool-serve-*")), "the job folders must be removed at exit"
    for p in files:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert answer.json() == json.loads(cli("audit", *[p.name for p in files], "--json").out)
