// 填报与校验页：下载空白工作簿、上传校验、查看问题与表格、下载标注副本、起草正文的副本和 Word 报告。
"use strict";

let current = null; // the last check's answer from /ui/check

document.getElementById("blank-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const box = document.getElementById("blank-message");
  hideMessage(box);
  try {
    const response = await postForm("/ui/blank", new FormData(e.target));
    const name = await saveResponse(response, "政府信息公开年报.xlsx");
    showMessage(box, "ok", `已下载：${name}`);
  } catch (err) {
    showMessage(box, "error", err.message);
  }
});

dropZone(document.getElementById("check-drop"), document.getElementById("check-file"), (files) => check(files[0]));

async function check(file) {
  const box = document.getElementById("check-message");
  showMessage(box, "info", `正在校验“${file.name}”……`);
  const form = new FormData();
  form.append("file", file, file.name);
  try {
    current = await (await postForm("/ui/check", form)).json();
  } catch (err) {
    current = null;
    document.getElementById("result").classList.add("hidden");
    document.getElementById("tables-card").classList.add("hidden");
    showMessage(box, "error", err.message);
    return;
  }
  hideMessage(box);
  showResult(current);
}

function showResult(r) {
  document.getElementById("result").classList.remove("hidden");
  document.getElementById("result-title").textContent =
    `校验结果：${r.name}` + (r.agency ? `（${r.agency}${r.year ? " " + r.year + " 年度" : ""}）` : "");
  const summary = document.getElementById("result-summary");
  showMessage(summary, r.counts.errors ? "error" : "ok", r.summary);
  const list = document.getElementById("findings");
  list.replaceChildren(...withCauses(r.findings, (f) => findingItem(f, f.cells && f.cells.length ? () => focusCell(f.sheet, f.focus) : null)));
  document.getElementById("download-report").disabled = !r.can_report;
  document.getElementById("download-draft").classList.toggle("hidden", r.can_report);
  document.getElementById("download-pdf").classList.toggle("hidden", !r.pdf_available);
  document.getElementById("report-hint").textContent = r.can_report ? "" :
    `还有 ${r.counts.errors} 个错误，改正后才能生成正式报告。`;
  hideMessage(document.getElementById("download-message"));
  drawTables(r.tables);
}

function drawCell(sheet, c) {
  const classes = [c.kind === "value" ? "value" : "label"];
  if (c.mark) classes.push(`mark-${c.mark}`);
  return el("td", {
    colspan: c.colspan > 1 ? c.colspan : null,
    rowspan: c.rowspan > 1 ? c.rowspan : null,
    class: classes.join(" "),
    title: c.label ? `${sheet}!${c.address} ${c.label}` : null,
    dataset: { address: c.address },
  }, c.text);
}

function drawTable(t) {
  const body = el("tbody", {}, t.rows.map((row) => el("tr", {}, row.map((c) => drawCell(t.sheet, c)))));
  return el("div", {},
    el("h3", { class: "table-title" }, t.title),
    el("table", { class: "official", dataset: { sheet: t.sheet } }, body));
}

function drawTables(tables) {
  document.getElementById("tables").replaceChildren(...tables.map(drawTable));
  document.getElementById("tables-card").classList.remove("hidden");
}

function focusCell(sheet, address) {
  const table = document.querySelector(`table.official[data-sheet="${CSS.escape(sheet)}"]`);
  if (!table) return;
  const cell = table.querySelector(`td[data-address="${CSS.escape(address)}"]`);
  if (!cell) return;
  cell.scrollIntoView({ block: "center" });
  cell.classList.remove("focus");
  void cell.offsetWidth;
  cell.classList.add("focus");
}

async function fetchDownload(url, fallback) {
  const box = document.getElementById("download-message");
  showMessage(box, "info", "正在生成，请稍候……");
  try {
    const name = await download(url, fallback);
    showMessage(box, "ok", `已下载：${name}`);
  } catch (err) {
    showMessage(box, "error", err.message);
  }
}

document.getElementById("download-marked").addEventListener("click", () =>
  fetchDownload(`/ui/jobs/${current.job}/marked`, "标注副本.xlsx"));
document.getElementById("download-drafted").addEventListener("click", () =>
  fetchDownload(`/ui/jobs/${current.job}/drafted`, "起草副本.xlsx"));
document.getElementById("download-report").addEventListener("click", () =>
  fetchDownload(`/ui/jobs/${current.job}/report.docx`, "年度报告.docx"));
document.getElementById("download-draft").addEventListener("click", () =>
  fetchDownload(`/ui/jobs/${current.job}/report.docx?draft=1`, "年度报告（草稿）.docx"));
document.getElementById("download-pdf").addEventListener("click", () =>
  fetchDownload(`/ui/jobs/${current.job}/report.pdf${current.can_report ? "" : "?draft=1"}`, "年度报告.pdf"));
