"""Baidu Netdisk pages in each state the checker tells apart (docs/design/links.md).

Shaped like the real pages: a title, the share_nofound_des element for dead shares, the
`locals.mset({...})` data call, plus filler script so the markers are not at the very start.
"""

from __future__ import annotations

import json

FILLER = "<script>var _bd_share_main = {};" + "/* layout */" * 200 + "</script>"


def page(title: str, body: str = "", data: dict | None = None) -> str:
    script = "" if data is None else f"<script>locals.mset({json.dumps(data, ensure_ascii=False)});</script>"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{FILLER}</head>'
        f"<body>{body}{script}</body></html>"
    )


def nofound(sentence: str) -> str:
    return page(
        "百度网盘-链接不存在", f'<div class="share-error"><div id="share_nofound_des">{sentence}</div></div>'
    )


CODE_PAGE = page(
    "百度网盘 请输入提取码",
    '<div class="verify-form"><input id="accessCode"></div>',
    {"errno": 0, "shareid": 123},
)
OPEN_SHARE = page(
    "百度网盘-分享无限制",
    '<div class="file-list"></div>',
    {
        "errno": 0,
        "file_list": [{"server_filename": "uncased_L-2_H-128_A-2.zip", "size": 16_500_000, "isdir": 0}],
    },
)
CANCELLED = nofound("啊哦，你来晚了，分享的文件已经被取消了，下次要早点哟。")
DELETED = nofound("啊哦，你来晚了，分享的文件已经被删除了，下次要早点哟。")
EXPIRED = nofound("啊哦，来晚了，该分享文件已过期")
TAKEN_DOWN = nofound("此链接分享内容可能因为涉及侵权、色情、反动、低俗等信息，无法访问！")
NOT_FOUND_PAGE = page("百度网盘-页面不存在", "<p>页面不存在</p>")
SHARE_ERROR_PAGE = page("百度网盘-链接错误", "<p>链接错误没找到文件，请打开正确的分享链接!</p>")
UNRECOGNISED = page("百度网盘", "<div id='app'></div>")


def errno_page(errno: int) -> str:
    """A share page whose embedded data carries only an errno (no file list)."""
    return page("百度网盘", "<div id='app'></div>", {"errno": errno, "request_id": 77})


def errno_json(errno: int) -> str:
    """The bare-JSON variant (what Baidu's share APIs answer)."""
    return json.dumps({"errno": errno, "request_id": 77, "show_msg": ""})
