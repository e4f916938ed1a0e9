"""Text helpers shared by the search engines."""

import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RUN = re.compile(f"[{CJK}]+")


def cjk_grams(text):
    """Every character and every pair of neighbouring characters of the CJK runs in `text`.

    Chinese, Japanese and Korean have no spaces between words; indexing these
    grams lets a two-character query find a longer name.
    """
    grams = []
    for run in CJK_RUN.findall(text):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        grams.extend(run)
    return grams
