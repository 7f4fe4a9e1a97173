"""Input that cannot be read: one exception type with a stable id and a Chinese message.

Ids by prefix: ``F-`` a file that cannot be read or written, ``E-`` a Word report or PDF that cannot be made (its
template, its 基本信息, LibreOffice), ``X-`` Excel, ``W-`` the local web page. Rule ids (T-…, R-…, U-…) belong to
findings, never to these errors.

Findings describe data that could be read; ``XltoolError`` is raised when there is nothing to validate (not an xlsx,
encrypted, not our workbook …) or nowhere safe to write (``writers.files``). The CLI catches it in one place and exits
with status 2.
"""

from __future__ import annotations

import errno

#: id → (title, message template). Templates take keyword fields; a missing field raises (no silent blanks).
CATALOGUE: dict[str, tuple[str, str]] = {
    "F-NOT-FOUND": ("文件不存在", "找不到文件：{path}"),
    "F-NOT-ZIP": (
        "不是 xlsx 文件",
        "{path} 不是 Excel 工作簿（.xlsx）文件，无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再试。",
    ),
    "F-XLS": (
        "旧版 .xls 文件",
        "{path} 是旧版 Excel 97-2003 工作簿（.xls）。请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再试。",
    ),
    "F-ENCRYPTED": (
        "文件已加密",
        "{path} 设置了打开密码，无法读取。请在 Excel 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存再试。",
    ),
    "F-CORRUPT": ("文件已损坏", "{path} 已损坏或不完整，无法读取（{reason}）。请重新保存或从备份中取回。"),
    "F-UNSAFE": ("文件含不安全内容", "{path} 含有不安全的 XML 内容（{reason}），为安全起见拒绝读取。"),
    "F-TOO-LARGE": ("文件过大", "{path} 的工作表“{sheet}”过大（{reason}），不像年报工作簿，已停止读取。"),
    "F-MISSING-SHEET": (
        "缺少工作表",
        "{path} 缺少工作表：{sheets}。年报工作簿应包含：{expected}。请勿重命名或删除工作表，可用 xltool new 重新生成模板。",
    ),
    "F-LAYOUT": (
        "表格结构被改动",
        "{path} 工作表“{sheet}”的表格结构与国家格式不符：{reason}。请勿插入或删除行列，可用 xltool new 重新生成模板后粘贴数据。",
    ),
    "F-NO-CACHED-VALUE": (
        "公式没有计算结果",
        "{path} 工作表“{sheet}”单元格 {cells} 填写的是公式，且文件中没有保存计算结果。请在 Excel 或 WPS 中打开并保存一次，或直接填写数字。",
    ),
    "F-BAD-JSON": ("Report JSON 无法读取", "{path} 不是有效的 Report JSON：{reason}"),
    "F-UNSUPPORTED": ("不支持的文件类型", "{path} 的类型不受支持：{reason}"),
    "F-UNREADABLE-REPORT": ("无法识别报告内容", "{path} 无法识别为政府信息公开工作年度报告：{reason}"),
    "F-IMPORT-LIMIT": (
        "报告超出导入上限",
        "{path} 的{what}{found}超过导入上限（{limit}），不像政府信息公开工作年度报告，已停止读取。如确是年度报告，请删去与报告无关的内容（如图片、附件、网页中的其他部分）后再导入。",
    ),
    "F-IMPORT-TIME": (
        "读取超时",
        "读取 {path} 超过 {limit}，已跳过该文件。正常的年度报告 1 秒左右即可读完，此文件可能含有异常内容（如 PDF 中成百万条重复的绘图指令）。如确是年度报告，可单独审核这一个文件（xltool audit 文件名，不限时间），或另存为 txt、docx 后再导入。",
    ),
    "F-ENCODING": (
        "文字编码无法识别",
        "{path} 的文字编码无法识别：{reason}。请用记事本、WPS 或浏览器打开，另存为 UTF-8 编码后再导入。",
    ),
    "F-OUTPUT": ("无法写出文件", "无法写出 {path}：{reason}"),
    "F-EXISTS": ("文件已存在", "{path} 已存在，为免覆盖已有文件，未写入。确需替换请加 --force，或换一个输出文件名。"),
    "F-LAST-YEAR": (
        "上年报告年度不符",
        "{path} 是 {found} 年度的报告，本报告为 {year} 年度，--last-year 应为上一年度（{expected} 年）的报告或工作簿。",
    ),
    "E-TEMPLATE": (
        "Word 模板不可用",
        "{path} 不能用作年度报告模板：{reason}。可用 python -m xltool.writers.wordtemplate 新模板.docx 重新生成默认模板，在其上修改样式。",
    ),
    "E-EMPTY-SECTION": (
        "正文部分为空",
        "第{number}部分“{heading}”没有内容（工作表“{sheet}”）。请填写正文；确实没有需要报告的事项，请填写“无”。",
    ),
    "E-MISSING-INFO": ("基本信息不完整", "生成报告需要以下基本信息：{fields}未填写。请在工作表“{sheet}”中填写后重试。"),
    "E-NO-LIBREOFFICE": (
        "未安装 LibreOffice",
        "未找到 LibreOffice（soffice），无法转换为 PDF。Word 报告已生成：{docx}。请安装 LibreOffice 后重试，或用 Word、WPS 打开后“另存为”PDF。",
    ),
    "E-PDF": (
        "PDF 转换失败",
        "LibreOffice 未能把 {docx} 转换为 PDF：{reason}。Word 报告不受影响，可用 Word、WPS 打开后“另存为”PDF。",
    ),
    "X-ADDIN-PLATFORM": ("无法确定加载项的 Python", "未生成加载项：{reason}。{how}。"),
    "X-NO-EXCEL": (
        "需要 Excel",
        "Excel 加载项只能安装在装有 Microsoft Excel 的 Windows 或 macOS 电脑上（当前系统：{platform}）。本机可以直接用命令行校验工作簿：xltool check 年报.xlsx（加 --mark 标注.xlsx 可另存一份标注了问题单元格的副本）。",
    ),
    "X-CANNOT-MARK": (
        "无法标注颜色",
        "无法在工作表“{sheet}”上标注颜色（{reason}）。常见原因是工作表受保护且不允许设置单元格格式：请在“审阅→撤消工作表保护”后再点击按钮；也可用命令行 xltool check 年报.xlsx --mark 标注.xlsx 另存标注副本。",
    ),
    "F-NO-ACCESS": ("无法打开文件", "无法打开 {path}：{reason}。请确认有读取权限，且文件不是文件夹。"),
    "F-NOT-WORKBOOK": (
        "不是 Excel 工作簿",
        "{path} 是压缩文件，但不是 Excel 工作簿（.xlsx）：{reason}。请用 Excel 或 WPS 另存为 .xlsx 再试。",
    ),
    "W-PORT": (
        "端口不可用",
        "无法在本机端口 {port} 上启动网页服务：{reason}。请换一个端口（--port），或不指定端口让程序自动选择。",
    ),
    "F-FILE-TOO-LARGE": ("文件过大", "{path} 过大（{reason}），不像年报工作簿，已停止读取。"),
    "F-NO-REPORTS": (
        "没有可审核的报告",
        "在 {paths} 中没有找到年度报告（.txt、.docx、.pdf、.html、.xlsx 或 Report JSON）{reason}。",
    ),
    "F-MIXED-YEARS": ("报告年度不一致", "只能汇总同一年度的报告：{details}。请去掉其他年度的报告后重试。"),
    "F-NO-YEAR": (
        "报告年度不明",
        "{path} 的报告年度未能识别，不能确定是否属于 {year} 年度。请在工作簿“基本信息”中填写年度后重试。",
    ),
}


#: Ids renamed so that no input error shares the ``R-`` prefix of the review points R-1 … R-6 (old → new). Raising
#: with an old id still works and gives the new one.
RENAMED: dict[str, str] = {
    "R-TEMPLATE": "E-TEMPLATE",
    "R-EMPTY-SECTION": "E-EMPTY-SECTION",
    "R-MISSING-INFO": "E-MISSING-INFO",
    "R-NO-LIBREOFFICE": "E-NO-LIBREOFFICE",
    "R-PDF": "E-PDF",
}


class XltoolError(Exception):
    """A file that cannot be used, with a stable ``code`` and a Chinese ``message`` for the clerk."""

    def __init__(self, code: str, **fields: object) -> None:
        code = RENAMED.get(code, code)
        self.code = code
        self.fields = fields
        self.title, template = CATALOGUE[code]
        self.message = template.format(**fields)
        super().__init__(f"{code}: {self.message}")


_WRITE_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "所在位置是只读的",
    errno.EACCES: "没有写入权限，或文件正在 Excel、WPS 或 Word 中打开（请关闭后重试）",
    errno.EPERM: "没有写入权限，或文件正在 Excel、WPS 或 Word 中打开（请关闭后重试）",
    errno.ENOENT: "所在文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "该位置已有同名文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EIO: "磁盘读写出错",
}
_READ_REASONS = {
    **_WRITE_REASONS,
    errno.EACCES: "没有读取权限，或文件正被其他程序独占打开",
    errno.EPERM: "没有读取权限，或文件正被其他程序独占打开",
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
}


def os_reason(exc: OSError, writing: bool = True) -> str:
    """A Chinese reason for an ``OSError`` met while writing (or reading); the system's own text when there is none."""
    reasons = _WRITE_REASONS if writing else _READ_REASONS
    if exc.errno in reasons:
        return reasons[exc.errno]
    return exc.strerror or exc.__class__.__name__
