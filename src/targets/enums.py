"""The vocabulary every stage shares: kinds of target, comparators, directions, attributes,
statuses (with their Chinese labels) and paths. No I/O, no imports from the project."""

from __future__ import annotations

from enum import Enum, StrEnum


class Kind(StrEnum):
    level = "level"
    share = "share"
    multiple = "multiple"
    change_by = "change_by"
    cum_sum = "cum_sum"
    maintain = "maintain"
    direction = "direction"
    range = "range"
    avg_growth = "avg_growth"
    rate = "rate"
    ratio = "ratio"
    pp_change = "pp_change"  # G = B + change_pp percentage points
    rank = "rank"  # 1 = best; comparator at_most
    class_ = "class"  # an ordinal class (IV类 = 4), lower is better unless direction says otherwise


class Comparator(StrEnum):
    at_least = "at_least"
    at_most = "at_most"
    approx = "approx"
    exact = "exact"
    range = "range"


class Direction(Enum):  # not StrEnum: the member `lower` would shadow str.lower
    higher = "higher"
    lower = "lower"


class Attribute(StrEnum):
    expected = "expected"
    binding = "binding"
    unstated = "unstated"


class Status(StrEnum):
    achieved = "achieved"
    ahead = "ahead"
    on_track = "on_track"
    behind = "behind"
    far_behind = "far_behind"
    moving_away = "moving_away"
    fallen_back = "fallen_back"
    missed = "missed"
    not_assessable = "not_assessable"
    no_data = "no_data"


STATUS_ZH = {
    Status.achieved: "已实现",
    Status.ahead: "快于预期",
    Status.on_track: "基本符合预期",
    Status.behind: "滞后",
    Status.far_behind: "明显滞后",
    Status.moving_away: "逆向变化",
    Status.fallen_back: "回落",
    Status.missed: "未完成",
    Status.not_assessable: "无法评估",
    Status.no_data: "缺数据",
}


class Path(StrEnum):
    geometric = "geometric"
    linear = "linear"
    cumulative = "cumulative"
    none = "none"
