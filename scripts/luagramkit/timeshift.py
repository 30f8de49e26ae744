"""Moving a webhook body's timestamps to now, so that an example posted today is treated
like a message that just arrived (the 24-hour window open, a comment's 7 days to a private
reply not over).

Meta writes `time`, `timestamp` and `created_time` in seconds or in milliseconds, as
numbers and sometimes as strings, at any depth. The body is edited as text so that
everything else stays byte for byte as written."""

import datetime
import re

KEYS = ("time", "timestamp", "created_time")
# Before 1973 in milliseconds, after 5138 in seconds: a value below this is in seconds.
MILLISECONDS_FROM = 100_000_000_000

_FIELD = re.compile(
    r'(?P<key>"(?:' + "|".join(KEYS) + r')"\s*:\s*)'
    r'(?:(?P<number>-?\d+(?:\.\d+)?)(?![\d.eE])|"(?P<string>[^"\\]*)")'
)


def _as_ms(number: float) -> float:
    return number if abs(number) >= MILLISECONDS_FROM else number * 1000


def _parse_iso(text):
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _instant_ms(match):
    """The instant a matched field names, in ms, or None when it is no timestamp."""
    if match.group("number") is not None:
        return _as_ms(float(match.group("number")))
    text = match.group("string")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return _as_ms(float(text))
    moment = _parse_iso(text)
    return None if moment is None else moment.timestamp() * 1000


def _rewritten(match, shift_ms):
    key, number, text = match.group("key"), match.group("number"), match.group("string")
    value = number if number is not None else text
    if re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        old = float(value)
        new = old + (shift_ms if abs(old) >= MILLISECONDS_FROM else shift_ms / 1000)
        decimals = len(value.partition(".")[2])
        written = f"{new:.{decimals}f}" if decimals else str(round(new))
        return key + (written if number is not None else f'"{written}"')
    moment = _parse_iso(text) + datetime.timedelta(milliseconds=shift_ms)
    # the original's shape: Meta writes "+0000", a "Z" stays a "Z", no zone stays none
    if text.endswith("Z"):
        zone = "Z"
    elif re.search(r"[+-]\d\d:?\d\d$", text):
        zone = moment.strftime("%z")
    else:
        zone = ""
    return f'{key}"{moment.strftime("%Y-%m-%dT%H:%M:%S")}{zone}"'


def shift_to_now(body: str, now_ms: int) -> tuple[str, int]:
    """The body with its timestamps moved so that the latest is now and the others keep
    their distance to it; and how many were moved."""
    instants = [ms for ms in map(_instant_ms, _FIELD.finditer(body)) if ms is not None]
    if not instants:
        return body, 0
    shift_ms = now_ms - max(instants)

    def replace(match):
        return match.group(0) if _instant_ms(match) is None else _rewritten(match, shift_ms)

    return _FIELD.sub(replace, body), len(instants)
