"""Pure legal rules for electing residential-group leaders (tổ trưởng tổ dân phố).

Everything here works on plain values (ints, dates, Decimals, mappings) so that the
rules can be tested exhaustively without a database and reused by forms, views,
printed papers and reports alike. The legal figures live in `ProfileRules` rather
than in the code, because several of them were never confirmed for 2021 and all of
them changed: the 2021 procedure is that of Pháp lệnh 34/2007/PL-UBTVQH11, Nghị quyết
liên tịch 09/2008/NQLT-CP-UBTWMTTQVN (Articles 6-9) and Thông tư 04/2012/TT-BNV as
amended by Thông tư 14/2018/TT-BNV; the later one that of the Law on grassroots
democracy 10/2022/QH15 and Decree 59/2023/NĐ-CP (Articles 6-9).

User-facing texts are English source strings wrapped in gettext_lazy; every result
also carries a stable machine code so callers never have to parse text.

One module per noun: `profile` (the figures and their bounds), `days` (working days,
the legal calendar), `counting` (quorum, the result), `tally` (a count's consistency),
`candidates`. Import from `elections.rules`.
"""

from elections.rules.candidates import candidate_age_on
from elections.rules.counting import Outcome, election_outcome, has_quorum, percent_of_electorate
from elections.rules.days import Deadline, add_working_days, deadline_calendar, is_working_day, revote_deadline
from elections.rules.profile import (
    PERCENT_BELOW,
    PERCENT_FIELDS,
    PERCENT_MIN,
    PROFILE_2021,
    PROFILE_2023,
    RULE_FIELDS,
    ProfileRules,
    percent_in_range,
)
from elections.rules.tally import TallyProblem, check_tally
from elections.rules.types import LazyText

__all__ = [
    "PERCENT_BELOW",
    "PERCENT_FIELDS",
    "PERCENT_MIN",
    "PROFILE_2021",
    "PROFILE_2023",
    "RULE_FIELDS",
    "Deadline",
    "LazyText",
    "Outcome",
    "ProfileRules",
    "TallyProblem",
    "add_working_days",
    "candidate_age_on",
    "check_tally",
    "deadline_calendar",
    "election_outcome",
    "has_quorum",
    "is_working_day",
    "percent_in_range",
    "percent_of_electorate",
    "revote_deadline",
]
