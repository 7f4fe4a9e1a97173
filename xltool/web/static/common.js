// 两个页面共用：请求、下载、拖放。所有提示都是中文；服务端的错误说明原样显示。
"use strict";

async function readError(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (e) { /* not JSON */ }
  return `服务没有完成请求（状态 ${response.status}），请重试。`;
}

async function postForm(url, form) {
  let response;
  try {
    response = await fetch(url, { method: "POST", body: form, credentials: "same-origin" });
  } catch (e) {
    throw new Error("无法连接本机服务：请确认 xltool serve 仍在运行。");
  }
  if (!response.ok) throw new Error(await readError(response));
  return response;
}

function fileNameOf(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = cd.match(/filename\*=UTF-8''([^;]+)/);
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function saveResponse(response, fallback) {
  const blob = await response.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileNameOf(response, fallback);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  return a.download;
}

async function download(url, fallback) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch (e) {
    throw new Error("无法连接本机服务：请确认 xltool serve 仍在运行。");
  }
  if (!response.ok) throw new Error(await readError(response));
  return saveResponse(response, fallback);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function showMessage(box, kind, text) {
  box.className = `message ${kind}`;
  box.textContent = text;
}

function hideMessage(box) { box.className = "message hidden"; box.textContent = ""; }

// A drop zone: files dropped on it or chosen with its input go to onFiles(FileList-like array).
function dropZone(zone, input, onFiles) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) onFiles(Array.from(e.dataTransfer.files));
  });
  input.addEventListener("change", () => { if (input.files.length) onFiles(Array.from(input.files)); });
}

// One finding as a list item: level, rule, the message (which names the place), and the quoted sentence if the
// message does not already quote it.
function findingItem(f, onFollow) {
  const showWhere = f.where && !f.message.startsWith(f.where);
  const item = el("li", { class: onFollow ? "clickable" : "", dataset: { sheet: f.sheet, cell: f.focus || "" } },
    el("span", {}, el("span", { class: `badge ${f.level}` }, f.level)),
    el("span", { class: "hint" }, f.rule),
    el("div", {},
      el("div", {}, showWhere ? el("span", { class: "where" }, f.where, "　") : null, f.message),
      f.quote && !f.message.includes(f.quote) ? el("div", { class: "quote" }, "原文：", f.quote) : null,
      f.explanation ? el("div", { class: "quote" }, "已说明：", f.explanation) : null));
  if (onFollow) item.addEventListener("click", onFollow);
  return item;
}

// The findings as list items, each group of findings with one likely cause under its heading ("可能的原因：…").
function withCauses(findings, item) {
  const out = [];
  let last = null;
  for (const f of findings) {
    if (f.cause && f.cause !== last) out.push(el("li", { class: "cause" }, f.cause));
    last = f.cause;
    out.push(item(f));
  }
  return out;
}
