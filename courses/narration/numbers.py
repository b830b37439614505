"""Arabic numerals in Chinese text to their spoken Chinese readings.

`spoken_numbers()` rewrites every number so the speech engine reads it in Chinese:

- amounts: 120 → 一百二十, 15 → 十五, 1.5 → 一点五, 1,000 → 一千, 2个 → 两个;
- ranges: 5–6 / 5-6 / 5~6 → 五到六; ratios: 30:2 → 三十比二; clock times: 8:30 → 八点三十;
- percent: 50% → 百分之五十; a few units after a number: 5cm → 五厘米;
- years: 2024年 → 二零二四年 (digit by digit);
- phone and service numbers digit by digit, with 幺 for 1 as Chinese dispatchers and
  callers say it: 拨打120 → 拨打幺二零, 110、119 → 幺幺零、幺幺九, 12351 → 幺二三五幺.
  A number is a phone number when it has at least three digits and (a) a calling word
  stands right before it (拨打, 电话, 热线 …) or a service word right after it (急救,
  报警 …), or (b) it follows a phone number in a list (、 和 或 /), or (c) it starts
  with 0 or has seven or more digits, or (d) it is a well-known hotline (110, 119, 120,
  122, 12315, 12345, 12351 …) not followed by a measure word (120次 stays 一百二十次).
"""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
PHONE_DIGITS = "零幺二三四五六七八九"
SMALL_UNITS = ("", "十", "百", "千")
BIG_UNITS = ("", "万", "亿", "万亿")
CALL_WORDS = ("拨打", "拨", "打", "致电", "呼叫", "电话", "热线", "号码", "叫", "拨通")
SERVICE_WORDS = ("急救", "报警", "火警", "热线", "电话", "求助", "服务", "救护")
HOTLINES = {"110", "119", "120", "122", "12315", "12333", "12345", "12351", "12355"}
AMOUNT_FOLLOWERS = (
    "次个分秒小天人名位条块件只张米层遍下周组步岁瓶根片元斤克升度年月日号倍"
)
LIST_SEPARATORS = ("、", "和", "或", "/", "或者", "及")
LIANG_MEASURES = "个次分秒小天人名位条块件只张米层遍下周组步岁瓶根片"
UNITS = {
    "cm": "厘米",
    "mm": "毫米",
    "km": "公里",
    "kg": "公斤",
    "ml": "毫升",
    "mL": "毫升",
    "min": "分钟",
    "℃": "摄氏度",
    "°C": "摄氏度",
    "m": "米",
    "g": "克",
    "h": "小时",
    "s": "秒",
    "L": "升",
}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?P<a>{_NUM})"
    rf"(?:\s*(?P<op>[-–—~～至:：])\s*(?P<b>{_NUM}))?"
    rf"(?P<pct>%|％)?"
    rf"(?:(?P<unit>{_UNIT})(?![A-Za-z]))?"
)


def integer_reading(n: int) -> str:
    """Read a non-negative integer as a Chinese amount: 110 → 一百一十, 10 → 十."""
    if n == 0:
        return DIGITS[0]
    groups = []
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    text, need_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += DIGITS[0]
        text += _group_reading(group) + BIG_UNITS[index]
        need_zero = False
    return text[1:] if text.startswith("一十") else text


def _group_reading(group: int) -> str:
    """Read 1..9999 with its inner zeros: 1010 → 一千零一十."""
    text, pending_zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += DIGITS[0]
            pending_zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def decimal_reading(number: str) -> str:
    """Read '1.5' → 一点五, '1,000' → 一千."""
    whole, _, fraction = number.replace(",", "").partition(".")
    text = integer_reading(int(whole))
    if fraction:
        text += "点" + "".join(DIGITS[int(d)] for d in fraction)
    return text


def digit_reading(number: str, *, phone: bool = True) -> str:
    """Read digit by digit: '120' → 幺二零 (phone) or 一二零 (years and codes)."""
    table = PHONE_DIGITS if phone else DIGITS
    return "".join(table[int(d)] for d in number if d.isdigit())


def spoken_numbers(text: str) -> str:
    """Return `text` with every Arabic number replaced by its Chinese reading."""
    parts, last_end, last_phone_end = [], 0, -1
    for match in NUMBER_RE.finditer(text):
        before = text[last_end : match.start()]
        after_phone = last_phone_end >= 0 and before.strip() in LIST_SEPARATORS
        reading, is_phone = _reading(text, match, after_phone)
        parts += [before, reading]
        last_end = match.end()
        last_phone_end = match.end() if is_phone else -1
    parts.append(text[last_end:])
    return "".join(parts)


def _reading(text: str, match: re.Match, after_phone: bool) -> tuple[str, bool]:
    """Read one matched number; also tell whether it was read as a phone number."""
    a, op, b = match["a"], match["op"], match["b"]
    unit = UNITS.get(match["unit"] or "", "")
    if op is None and _is_phone(text, match, after_phone):
        return digit_reading(a) + unit, True
    if op is None and len(a) == 4 and text[match.end() : match.end() + 1] == "年":
        return digit_reading(a, phone=False), False
    if op in (":", "："):
        return _colon_reading(a, b) + unit, False
    first = _amount(text, match, a)
    if match["pct"]:
        first = "百分之" + first
    if op is None:
        return first + unit, False
    second = decimal_reading(b)
    if match["pct"]:
        second = "百分之" + second
    return f"{first}到{second}{unit}", False


def _amount(text: str, match: re.Match, number: str) -> str:
    """Read an amount, saying 两 for a bare 2 before a measure word (2个 → 两个)."""
    following = text[match.end() : match.end() + 1]
    preceding = text[match.start() - 1 : match.start()] if match.start() else ""
    is_bare_two = number == "2" and not match["b"] and not match["unit"]
    if is_bare_two and following and following in LIANG_MEASURES and preceding != "第":
        return "两"
    return decimal_reading(number)


def _colon_reading(a: str, b: str) -> str:
    """'8:30' is a clock time (hour ≤ 23, two-digit minutes); other pairs are ratios."""
    is_time = "." not in a + b and len(b) == 2 and len(a) <= 2 and int(a) <= 23
    if is_time and int(b) < 60:
        minutes = "" if int(b) == 0 else "零" * (b[0] == "0") + integer_reading(int(b))
        return f"{integer_reading(int(a))}点{minutes or '整'}"
    return f"{decimal_reading(a)}比{decimal_reading(b)}"


def _is_phone(text: str, match: re.Match, after_phone: bool) -> bool:
    number = match["a"]
    if not number.isdigit() or len(number) < 3 or match["pct"] or match["unit"]:
        return False
    if after_phone or number.startswith("0") or len(number) >= 7:
        return True
    before = text[: match.start()].rstrip(" ：:")
    after = text[match.end() :].lstrip()
    if number in HOTLINES and (not after or after[0] not in AMOUNT_FOLLOWERS):
        return True
    return before.endswith(CALL_WORDS) or after.startswith(SERVICE_WORDS)
