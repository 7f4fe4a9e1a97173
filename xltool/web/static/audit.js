// 审核已发布报告页：批量上传（显示进度）、可排序可筛选的报告列表、单份报告的问题和未能读取的单元格、下载汇总表。
"use strict";

let batch = null; // {job, columns, reports}
let sortKey = null, sortDir = 1;

const input = document.getElementById("audit-files");
dropZone(document.getElementById("audit-drop"), input, upload);
document.getElementById("audit-folder").addEventListener("change", (e) => {
  if (e.target.files.length) upload(Array.from(e.target.files));
});

function progress(text, value) {
  document.getElementById("progress-box").classList.remove("hidden");
  document.getElementById("progress-text").textContent = text;
  document.getElementById("progress").value = value;
}

function upload(files) {
  const box = document.getElementById("audit-message");
  hideMessage(box);
  const form = new FormData();
  for (const f of files) form.append("files", f, f.webkitRelativePath || f.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/ui/audit");
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress(`正在上传 ${files.length} 个文件……`, e.loaded / e.total); };
  xhr.onerror = () => showMessage(box, "error", "无法连接本机服务：请确认 xltool serve 仍在运行。");
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { /* shown below */ }
    if (xhr.status !== 200 || !body || body.error) {
      document.getElementById("progress-box").classList.add("hidden");
      showMessage(box, "error", body && body.error ? body.error.message : `上传失败（状态 ${xhr.status}）。`);
      return;
    }
    progress(`正在审核：0 / ${body.total}`, 0);
    poll(body.job);
  };
  xhr.send(form);
}

async function poll(job) {
  const box = document.getElementById("audit-message");
  let state;
  try {
    const response = await fetch(`/ui/jobs/${job}/progress`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(await readError(response));
    state = await response.json();
  } catch (err) {
    showMessage(box, "error", err.message);
    return;
  }
  progress(`正在审核：${state.done} / ${state.total}`, state.total ? state.done / state.total : 1);
  if (!state.finished) { setTimeout(() => poll(job), 300); return; }
  document.getElementById("progress-box").classList.add("hidden");
  if (state.error) { showMessage(box, "error", state.error.message); return; }
  batch = state;
  showMessage(box, "ok", `审核完成：共 ${state.reports.length} 份。`);
  showReports();
}

function showReports() {
  document.getElementById("reports-card").classList.remove("hidden");
  document.getElementById("detail-card").classList.add("hidden");
  const head = document.getElementById("reports-head");
  head.replaceChildren(...batch.columns.map((c) => el("th", { class: c.numeric ? "num" : "", dataset: { key: c.key }, onclick: () => sortBy(c.key) }, c.label)));
  const statuses = [...new Set(batch.reports.map((r) => r.status))];
  document.getElementById("filter-status").replaceChildren(el("option", { value: "" }, "全部"),
    ...statuses.map((s) => el("option", { value: s }, s)));
  drawRows();
}

function sortBy(key) {
  sortDir = sortKey === key ? -sortDir : 1;
  sortKey = key;
  drawRows();
}

function drawRows() {
  const text = document.getElementById("filter-text").value.trim();
  const status = document.getElementById("filter-status").value;
  let rows = batch.reports.filter((r) => (!status || r.status === status) &&
    (!text || batch.columns.some((c) => String(r.values[c.key] ?? "").includes(text))));
  if (sortKey) {
    rows = rows.slice().sort((a, b) => {
      const x = a.values[sortKey], y = b.values[sortKey];
      if (x === y) return a.index - b.index;
      if (x === null || x === undefined || x === "") return 1;
      if (y === null || y === undefined || y === "") return -1;
      return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN")) * sortDir;
    });
  }
  for (const th of document.querySelectorAll("#reports-head th")) {
    if (th.dataset.key === sortKey) th.dataset.dir = sortDir > 0 ? "asc" : "desc"; else delete th.dataset.dir;
  }
  document.getElementById("reports-body").replaceChildren(...rows.map((r) => el("tr", { dataset: { index: r.index }, onclick: () => detail(r) },
    batch.columns.map((c) => {
      const v = r.values[c.key];
      const shown = v === null || v === undefined ? "" : String(v);
      return el("td", { class: c.numeric ? "num" : "" }, c.key === "状态" ? el("span", { class: `badge ${shown}` }, shown) : shown);
    }))));
  document.getElementById("shown-count").textContent = `显示 ${rows.length} / ${batch.reports.length} 份`;
}

document.getElementById("filter-text").addEventListener("input", drawRows);
document.getElementById("filter-status").addEventListener("change", drawRows);

function detail(r) {
  for (const tr of document.querySelectorAll("#reports-body tr")) tr.classList.toggle("selected", Number(tr.dataset.index) === r.index);
  document.getElementById("detail-card").classList.remove("hidden");
  document.getElementById("detail-title").textContent = `${r.values["文件"]}` + (r.values["机关名称"] ? `（${r.values["机关名称"]}）` : "");
  const status = document.getElementById("detail-status");
  status.replaceChildren(el("div", { class: `message ${r.status === "通过" ? "ok" : r.status === "无法读取" ? "error" : "info"}` },
    r.reason ? `${r.status}：${r.reason}` : `${r.status}：${r.summary || ""}`));
  const unread = document.getElementById("detail-unread");
  unread.replaceChildren(...(r.unread && r.unread.length ? [el("div", {}, `未能读取的单元格（${r.unread.length} 个，未核对）：`),
    el("ul", { class: "unread" }, r.unread.map((u) => el("li", {}, u)))] : []));
  document.getElementById("detail-findings").replaceChildren(...withCauses(r.findings, (f) => findingItem(f, null)));
  document.getElementById("detail-card").scrollIntoView({ block: "start" });
}

document.getElementById("download-summary").addEventListener("click", async () => {
  const box = document.getElementById("summary-message");
  try {
    const name = await download(`/ui/jobs/${batch.job}/summary`, "审核汇总.xlsx");
    showMessage(box, "ok", `已下载：${name}`);
  } catch (err) {
    showMessage(box, "error", err.message);
  }
});
