"""The words the rules read: comparators before and after a number, verbs that set a target,
measurable nouns, and the prefixes stripped from an indicator's name."""

from __future__ import annotations

import re

# Words just before a number, longest first: (regex, comparator, hint). The hint names the
# phrase family: reach (达到), compound (分别), maintain (稳定在), avg (年均增长), change (提升),
# to (提高到: a level reached from a lower one), down_to (降至: a level reached from a higher one).
_LEFT = [
    ("(?:分别|均)(?:不超过|不高于|低于|控制在)", "at_most", "compound"),
    ("(?:分别|均)(?:超过|突破|不低于|不少于|高于)", "at_least", "compound"),
    ("(?:分别|均)(?:达到|达|为|是)", "exact", "compound"),
    ("年均(?:增长|增速|提高|递增|提升)|年平均增长|年均增幅", "exact", "avg"),
    ("年均(?:下降|降低|减少|递减)|年平均下降", "at_most", "avg_down"),
    ("稳定在|保持在|维持在|稳定|保持", "at_least", "maintain"),
    ("不低于|不少于|(?<!不)(?:超过|超出|突破|高于|大于|超)", "at_least", "reach"),
    ("不超过|不高于|(?<!不)(?:低于|少于|小于)|控制在|控制", "at_most", "reach"),
    (
        "增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|扩大到|扩大至|发展到|发展至|达到|达",
        "exact",
        "to",
    ),
    (
        "降至|降到|下降到|下降至|降低到|降低至|缩短到|缩短至|缩小到|缩小至|压缩到|压缩至|减少到|减少至",
        "exact",
        "down_to",
    ),
    ("提升|提高|增长|增加|上升|扩大", "exact", "up"),
    ("下降|降低|减少|缩短|压缩|压减|压降|削减|缩小", "at_most", "down"),
    ("约|大约|近", "approx", "reach"),
    ("实现|为|是|占比|占", "exact", "reach"),
]
LEFT_QUALIFIER = [(re.compile(rf"(?:{pattern})\s*$"), cmp, hint) for pattern, cmp, hint in _LEFT]
RIGHT_QUALIFIER = re.compile(r"^\s*(?P<q>以上|以下|以内|左右|上下|及以上|及以下)")
RIGHT_CMP = {"以上": "at_least", "及以上": "at_least", "以下": "at_most", "及以下": "at_most"}
RIGHT_CMP |= {"以内": "at_most", "左右": "approx", "上下": "approx"}

# Verbs that make "verb + number + unit (+ noun)" a target: building, bringing in, completing.
TARGET_VERBS = re.compile(
    "新建|建成|建设|续建|新开工|开工|打造|培育|引进|引育|招引|吸引|形成|完成|实施|推动|推进|集聚|聚集|"
    "落实|储备|开通|创建|争创|组建|重组|做强|发布|落地|实现|新增|增加|谋划|安排|做好|启用|改造|建立|"
    "设立|认定|培养|举办|组织|开展|提供|新开|开设|扶持|孵化|整治|加装|治理|修复|淘汰|培训|营造|配建|增设|"
    "创成|改扩建|扩建|建|引导|达"
)
# Words that say a number is not a target: facts (已), rates (按), conditions (对…的), places.
FACT = re.compile(r"已经|已(?=[\u4e00-\u9fff])|原有|现有|目前|当前|截至目前")
CONDITION_LEFT = re.compile(r"(?:对于|凡是|凡|^对|[,、]对)(?!外|接|标|照|内|口|华)")
# "…300万元以下的，" and "对…10亿元以上的企业": a condition on whom a rule applies, not a target.
CONDITION_RIGHT = re.compile(r"^\s*(?:以上|以下|以内|及以上|及以下)?的\s*(?:$|[\u4e00-\u9fff]{1,6}$)")
PREP_BEFORE = re.compile(r"(?:以|按|按照|减按|每|第|前|近|超过了|[×*xX+])\s*$")
AFTER_NOT_TARGET = re.compile(r"^\s*(?:范围|区域内)")
# 按每百户不低于30平方米的标准配建: a standard to build by, not a target.
STANDARD_LEFT = re.compile(r"(?:按|按照|参照|执行)[^,;。]*$")
STANDARD_RIGHT = re.compile(r"^[^,;。]*(?:标准|要求|规定)")
# 超百亿元企业, 超10亿元项目: an amount naming a class of firms or projects, not a target.
SIZE_LABEL_LEFT = re.compile(r"(?:超|过|超过|逾)\s*$")
SIZE_LABEL_RIGHT = re.compile(
    r"^(?:以上)?(?:的)?[\u4e00-\u9fff]{0,4}?(?:企业|项目|产业|集群|园区|工程|龙头|品牌|平台|主体)"
)
# 给予一次性奖励500万元, 补助200万元: what a rule pays, not a target.
REWARD = re.compile(r"(?:给予|奖励|补助|补贴|资助|奖补)[^,;。]{0,8}$")

# Nouns whose change can be tracked (a direction target needs one of these at its end).
MEASURABLE = re.compile(
    r"(?:占比|比重|比例|(?<![效频功税])率|(?<![力质能])量|(?<![系])数|额|成本|时间|时长|强度|密度|产值|收入|"
    r"营收|增加值|(?<![价])值|里程|面积|总量|总额|人数|指数|规模以上企业数)$"
)
# Names whose value is a number without a unit: an index, a score.
INDEX_NAME = re.compile(
    r"(?:指数|得分|评分|分值|指数值|景气度|系数)"
    r"(?:\s*(?:达到|达|保持在|稳定在|不低于|超过|提高到|提升到|提升至|提高至))?\s*$"
)
NOT_MEASURABLE = re.compile(r"(?:水平|能力|能级|质量|效率|效能|活力|环境|氛围|影响力|竞争力|满意度|获得感)$")
# Heads that a list of subjects shares: 制造业、数字经济增加值占GDP比重 -> 制造业增加值占GDP比重.
SHARED_HEAD = re.compile(
    r"(?:增加值|占比|比重|比例|总量|总额|总数|数量|规模|产值|营收|收入|建有率|覆盖率|.率|强度|货运量|箱量|额)"
)
# Names of indicators where less is better (a time, a cost, an emission), matched at the end.
LOWER_BETTER = re.compile(
    r"(?:时间|时长|用时|天数|成本|费用|能耗|耗水量|耗|排放|排放量|排放强度|浓度|事故\S*|死亡率|失业率|发生率|"
    r"投诉量|负债率|不良率|差距|倍差)$"
)

# Prefixes stripped from a name: scope words, adverbs, enumerators.
NAME_PREFIX = re.compile(
    r"^(?:[,、:\s—]|到\d{4}年(?:末|底)?|\d{4}年(?:内|前|底前|底)?|计划|力争|争取|确保|预计|努力|全力|"
    r"进一步|全面|加快|大力|积极|重点|基本|初步|逐步|持续|不断|共同|其中|且|并|同时|此外|另外|总体上|"
    r"[一二三四五六七八九十]+是|\d+[.、]|\([一二三四五六七八九十\d]+\)|使|让|要|将|通过|包括|"
    r"实现|全区|全市|全县|全省|按照|每年度?|逐年|五年|年内|全年|当年)+"
)
NAME_SUFFIX = re.compile(r"(?:的|了|和|及|与|、|,|:|\s)+$")
ASPIRATIONAL = re.compile(r"力争|争取|努力")
AREA_NOUN = re.compile(r"^(?:的)?(?:[\u4e00-\u9fff]{0,4})(?:范围|区域)内")


def left_qualifier(left: str) -> tuple[str, str, str, int] | None:
    """(matched words, comparator, hint, where they start) for the words right before a number."""
    for pattern, cmp, hint in LEFT_QUALIFIER:
        m = pattern.search(left)
        if m:
            return m.group(0).strip(), cmp, hint, m.start()
    return None


# A 、-segment that ends with its predicate is a clause of its own, not an item of the subject
# list that follows (高新技术企业和科技型企业实现双倍增、总量分别超过…).
PREDICATE_END = re.compile(
    r"(?:实现|达到|倍增|翻.番|翻番|提升|提高|增长|下降|降低|缩短|完工|投用|建成|完成)$"
)
# A change against the previous year: the indicator is then a yearly rate.
YEAR_ON_YEAR = re.compile(r"同比|比上年|较上年|比去年|较去年")
