"""Japanese fiscal years (April to March), named in AD (2026) or in 令和 (令和8年度, R8)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

REIWA_OFFSET = 2018  # 令和1年 = 2019

_PATTERN = re.compile(r"^(?:(?P<reiwa>令和|r)\s*(?P<ry>\d{1,2}|元)|(?P<ad>\d{4}))\s*(?:年度?)?$")


@dataclass(frozen=True)
class FiscalYear:
    year: int  # the AD year the fiscal year starts in

    @property
    def start(self):
        return datetime.date(self.year, 4, 1)

    @property
    def end(self):
        """The last day, inclusive."""
        return datetime.date(self.year + 1, 3, 31)

    @property
    def label(self):
        reiwa = self.year - REIWA_OFFSET
        era = f"令和{'元' if reiwa == 1 else reiwa}年度" if reiwa >= 1 else ""
        return f"{era}（{self.year}年度）" if era else f"{self.year}年度"

    def months(self):
        """The twelve (year, month) pairs from April to March."""
        return [(self.year + (m < 4), m) for m in (*range(4, 13), 1, 2, 3)]

    @classmethod
    def containing(cls, day):
        return cls(day.year if day.month >= 4 else day.year - 1)


def parse_fiscal_year(text):
    """``2026``, ``2026年度``, ``令和8年度``, ``令和8``, ``R8`` or ``令和元年度`` -> FiscalYear; else ValueError."""
    normalised = unicodedata.normalize("NFKC", str(text)).strip().lower()
    match = _PATTERN.match(normalised)
    if not match:
        raise ValueError(text)
    if match["ad"]:
        year = int(match["ad"])
    else:
        reiwa = 1 if match["ry"] == "元" else int(match["ry"])
        if reiwa < 1:
            raise ValueError(text)
        year = REIWA_OFFSET + reiwa
    if not 2000 <= year <= 2100:
        raise ValueError(text)
    return FiscalYear(year)
