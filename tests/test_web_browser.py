"""The local web page in a real browser (Debian's headless Chromium through selenium): what a clerk and a reviewer do.

Screenshots go to the folder printed at the start (``XLTOOL_SCREENSHOTS`` chooses it; the docs' pictures are made with
``XLTOOL_SCREENSHOTS=docs/images``).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import broken_workbook, demo_workbook

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("XLTOOL_SCREENSHOTS") or tmp_path_factory.mktemp("web-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nweb page screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[tuple[object, Path]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(30)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def _wait(predicate, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if value := predicate():
                return value
        except Exception:  # element not there yet  # noqa: BLE001
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _downloaded(folder: Path, suffix: str, contains: str = "", before: set[Path] | None = None) -> Path:
    def done() -> Path | None:
        for p in folder.iterdir():
            if p.suffix == suffix and contains in p.name and p not in (before or set()):
                return p
        return None

    return _wait(done, what=f"a downloaded {suffix} file with {contains!r} in its name")


def _visible(driver, css: str):
    from selenium.webdriver.common.by import By

    return _wait(lambda: (e := driver.find_element(By.CSS_SELECTOR, css)).is_displayed() and e, what=css)


def test_a_clerk_gets_the_workbook_checks_it_follows_a_finding_and_downloads(browser, live_server, tmp_path, shots):
    from docx import Document
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    driver, downloads = browser
    driver.get(live_server.entry)
    assert "token=" not in driver.current_url  # the token moved into a cookie
    assert "填报与校验" in driver.title

    # 1. a blank workbook for the clerk's agency and year
    driver.find_element(By.ID, "agency").send_keys("某某镇人民政府")
    driver.find_element(By.ID, "year").send_keys("2025")
    driver.find_element(By.ID, "blank-button").click()
    blank = _downloaded(downloads, ".xlsx", "某某镇人民政府")
    wb = load_workbook(blank)
    assert "三、依申请公开" in wb.sheetnames and wb["基本信息"]["B3"].value is not None
    assert "已下载" in _visible(driver, "#blank-message").text

    # 2. a workbook with one slip: errors first, each with sheet!cell, labels, found and expected
    driver.find_element(By.ID, "check-file").send_keys(str(broken_workbook(tmp_path)))
    _visible(driver, "#result")
    cause = driver.find_element(By.CSS_SELECTOR, "#findings li.cause")  # the slip both broken sums share, named first
    assert "可能的原因：三、依申请公开!D4" in cause.text
    items = driver.find_elements(By.CSS_SELECTOR, "#findings li:not(.cause)")
    levels = [li.find_element(By.CSS_SELECTOR, ".badge").text for li in items]
    assert levels[0] == "错误" and levels == sorted(levels, key=["错误", "警告", "已说明"].index)
    first = items[0].text
    assert "三、依申请公开!" in first and "填写" in first and "应为" in first
    assert driver.find_element(By.ID, "download-report").get_attribute("disabled") is not None
    assert "改正后才能生成正式报告" in driver.find_element(By.ID, "report-hint").text
    driver.execute_script("document.getElementById('result').scrollIntoView()")
    driver.save_screenshot(str(shots / "web-check-findings.png"))

    # 3. following a finding shows its cell in the drawn official table, coloured
    items[0].click()
    cell = _wait(lambda: driver.find_element(By.CSS_SELECTOR, "td.focus"), what="the focused cell")
    assert "mark-error" in cell.get_attribute("class")
    marked = {c.get_attribute("data-address") for c in driver.find_elements(By.CSS_SELECTOR, "td.mark-error")}
    assert "D4" in marked
    driver.save_screenshot(str(shots / "web-check-errors.png"))

    # 4. downloads: the marked copy, and a draft report while errors remain
    before = set(downloads.iterdir())
    driver.find_element(By.ID, "download-marked").click()
    copy = _downloaded(downloads, ".xlsx", "标注", before)
    assert "校验结果" in load_workbook(copy).sheetnames
    before = set(downloads.iterdir())
    driver.find_element(By.ID, "download-drafted").click()
    drafted = _downloaded(downloads, ".xlsx", "起草", before)
    assert load_workbook(drafted)["一、总体情况"]["B3"].value  # the demo's own prose is kept as written
    driver.find_element(By.ID, "download-draft").click()
    draft = _downloaded(downloads, ".docx", "草稿")
    headers = " ".join(p.text for s in Document(str(draft)).sections for p in s.header.paragraphs)
    assert "草稿" in headers  # the document itself says it is a draft, not only its file name

    # 5. the clean workbook: the report may be written
    driver.find_element(By.ID, "check-file").send_keys(str(demo_workbook(tmp_path)))
    _wait(lambda: driver.find_element(By.ID, "download-report").get_attribute("disabled") is None, what="report button")
    assert "0 个错误" in driver.find_element(By.ID, "result-summary").text
    driver.save_screenshot(str(shots / "web-check-clean.png"))
    before = set(downloads.iterdir())
    driver.find_element(By.ID, "download-report").click()
    report = _downloaded(downloads, ".docx", "兴仁镇", before)
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "兴仁镇" in text and "草稿" not in report.name


def test_the_guide_shows_the_screenshots_these_tests_take():
    """docs/网页.md shows pictures made by this module (regenerate: XLTOOL_SCREENSHOTS=docs/images pytest -m browser)."""
    guide = (Path(__file__).parent.parent / "docs" / "网页.md").read_text(encoding="utf-8")
    pictures = set(re.findall(r"images/(web-[\w-]+\.png)", guide))
    taken = set(re.findall(r'shots / "(web-[\w-]+\.png)"', Path(__file__).read_text(encoding="utf-8")))
    assert pictures and pictures <= taken
    assert all((Path(__file__).parent.parent / "docs" / "images" / name).exists() for name in pictures)


def test_a_bad_file_gets_the_chinese_message_on_the_page(browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By

    driver, _downloads = browser
    driver.get(live_server.entry)
    fake = tmp_path / "年报.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    driver.find_element(By.ID, "check-file").send_keys(str(fake))
    box = _wait(
        lambda: (e := driver.find_element(By.ID, "check-message")).text.startswith("年报.xlsx") and e,
        what="the error message",
    )
    assert "error" in box.get_attribute("class") and "不是 Excel 工作簿" in box.text
    assert "Traceback" not in driver.page_source


def test_a_reviewer_audits_a_batch_with_a_bad_file_and_downloads_the_summary(browser, live_server, tmp_path, shots):
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, downloads = browser
    driver.get(f"{live_server.base}/audit?token={live_server.token}")
    bad = tmp_path / "会议通知.txt"
    bad.write_text("会议通知\n请各单位按时参加。\n", encoding="utf-8")
    files = [demo_workbook(tmp_path), broken_workbook(tmp_path), bad, FIXTURES / "000_0a7990abdff832d1.txt"]
    driver.find_element(By.ID, "audit-files").send_keys("\n".join(str(p) for p in files))
    _visible(driver, "#reports-card")
    rows = driver.find_elements(By.CSS_SELECTOR, "#reports-body tr")
    assert len(rows) == 4
    by_file = {r.find_elements(By.TAG_NAME, "td")[0].text: r for r in rows}
    assert "无法读取" in by_file["会议通知.txt"].text
    assert "有错误" in by_file["有错误的年报.xlsx"].text
    driver.execute_script("document.getElementById('reports-card').scrollIntoView()")
    driver.save_screenshot(str(shots / "web-audit-list.png"))

    # filter by status, then sort by a column
    Select(driver.find_element(By.ID, "filter-status")).select_by_visible_text("无法读取")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#reports-body tr")) == 1
    Select(driver.find_element(By.ID, "filter-status")).select_by_visible_text("全部")
    header = next(th for th in driver.find_elements(By.CSS_SELECTOR, "#reports-head th") if th.text == "文件")
    header.click()
    names = [
        r.find_elements(By.TAG_NAME, "td")[0].text for r in driver.find_elements(By.CSS_SELECTOR, "#reports-body tr")
    ]
    assert names == sorted(names, key=lambda n: names.index(n)) and header.get_attribute("data-dir") == "asc"

    # open the published sample: its finding quotes the sentence
    next(r for r in driver.find_elements(By.CSS_SELECTOR, "#reports-body tr") if "000_0a7990" in r.text).click()
    detail = _visible(driver, "#detail-card")
    assert "原文：" in detail.text and "64" in detail.text
    driver.save_screenshot(str(shots / "web-audit.png"))

    before = set(downloads.iterdir())
    driver.find_element(By.ID, "download-summary").click()
    summary = load_workbook(_downloaded(downloads, ".xlsx", "汇总", before))
    ws = summary["汇总"]
    assert ws.max_row == 5 and {ws.cell(r, 1).value for r in range(2, 6)} == {p.name for p in files}
