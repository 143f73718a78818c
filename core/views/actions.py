"""What a person can do: every action any surface offers, by a short stable code.

A chat button, a Discord component and a web form all name one of these and its arguments;
the use case behind it checks the press again whatever surface it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(str, Enum):
    DIALOG = "d"       # dialog instance, nonce, code
    VOTE = "v"         # review, choice
    SETTLE = "s"       # review, choice
    OPEN_DREAM = "o"   # dream
    LIKE = "l"         # dream
    FOLLOW = "f"       # dream, 1 to follow or 0 to stop
    PLEDGE = "p"       # dream
    WITHDRAW = "w"     # dream
    AMEND = "a"        # dream
    RETRACT = "x"      # dream
    OPEN_PROJECT = "j" # project
    UPDATE = "u"       # project
    TEAM = "t"         # project, member (0: the list of followers), page
    CLOSE = "c"        # project
    LANGUAGE = "g"     # language code
    BANK = "b"                   # page
    MINE = "m"                   # page
    ARCHIVE = "r"                # page
    REVIEWS = "q"                # page
    OPEN_REVIEW = "ro"           # review
    DECLARE_INTEREST = "vr"      # review: the presser recuses, asked a reason first
    TAKE_BACK_INTEREST = "vu"    # review
    PROJECTS = "js"              # page
    APPLY = "pa"
    DECIDE_APPLICATION = "pd"  # application, y or n
    PADRIVERE = "pp"           # page
    APPLICATIONS = "pl"        # page
    OPEN_APPLICATION = "pv"    # application
    EVENTS = "ev"              # page
    NEW_EVENT = "en"
    OPEN_EVENT = "eo"          # event
    RSVP = "e"                 # event, answer code
    CALENDAR = "ec"            # event
    ATTENDEES = "ea"           # event
    EDIT_EVENT = "ee"          # event
    CANCEL_EVENT = "ex"        # event
    CALLS = "cs"               # page
    NEW_CALL = "cn"
    OPEN_CALL = "co"           # call
    JOIN_CALL = "ci"           # call
    LEAVE_CALL = "cl"          # call
    CLOSE_CALL = "cc"          # call
    NEWSLETTER_PROGRESS = "np" # newsletter
    CANCEL_NEWSLETTER = "nx"   # newsletter
    NEWSLETTERS = "nl"         # page
    NEW_NEWSLETTER = "nn"
    SETTINGS = "st"
    DIGEST_FREQUENCY = "sf"    # d, w or n
    SWITCH = "sw"              # index of the choice
    NOTIFY_ON = "sn"           # platform
    LINK_CHAT = "lk"           # branch, purpose, chat
    BRANCH_PICK = "bp"         # branch: asks whether to make it one's home branch
    BRANCH_MOVE = "bm"         # branch: makes it one's home branch
    BRANCH_STAY = "bs"
    BRANCH_SETTING = "ba"      # index of the setting
    BRANCH_SET = "bv"          # index of the setting, the value chosen
    DOWNLOAD_DATA = "zd"       # member
    ERASE = "ze"               # member, the minute the confirmation was offered
    KEEP_DATA = "zk"
    FUNDS = "uf"               # page
    OPEN_FUND = "uo"           # fund
    NEW_FUND = "un"
    EDIT_FUND = "ue"           # fund
    REMOVE_FUND = "ur"         # fund: asks to be sure
    REMOVE_FUND_SURE = "uy"    # fund
    INQUIRIES = "il"           # page
    OPEN_INQUIRY = "io"        # inquiry: its thread
    ANSWER_INQUIRY = "ia"      # inquiry
    HAND_OVER = "ih"           # inquiry: asks to whom
    HAND_TO = "it"             # inquiry, colleague
    REPLY_INQUIRY = "ir"       # inquiry
    CLOSE_INQUIRY = "ic"       # inquiry
    ASK = "iq"
    COMMENTS = "ta"            # dream: its comments, with those on its project
    WRITE_COMMENT = "tb"       # dream
    REPLY = "tc"               # comment
    REPORT_COMMENT = "td"      # comment
    HIDE_COMMENT = "te"        # comment
    RESTORE_COMMENT = "tf"     # comment
    MUTE = "tg"                # member, days
    TOPICS = "th"              # page
    OPEN_TOPIC = "ti"          # topic
    SUPPORT_TOPIC = "tj"       # topic
    TOPIC_COMMENTS = "tk"      # topic
    WRITE_TOPIC_COMMENT = "tl" # topic
    TOPIC_DREAM = "tm"         # topic
    NEW_TOPIC = "tn"
    PLAN = "kp"                # project
    PLAN_ADD = "ka"            # project, part kind
    TASKS = "kt"               # project
    TASK_STATUS = "ks"         # plan part (a task), status
    PLAN_REMOVE = "kx"         # plan part
    PLAN_MEETING = "km"        # project
    PLAN_REPORT = "kr"         # project
    PLAN_COURSE = "kc"         # project, event (0: the courses to choose from)
    NEEDS = "hn"               # dream: its needs, with what is pledged against each
    NEED_ADD = "ha"            # dream
    NEED_CHANGE = "hc"         # dream, need (0: the needs to choose from), page
    NEED_REMOVE = "hr"         # dream, need (0: the needs to choose from), page
    OPEN_PLEDGE = "ho"         # pledge
    MY_PLEDGES = "hm"          # page
    DREAM_PLEDGES = "hd"       # dream, page: the owner's list to answer
    CHANGE_PLEDGE = "he"       # pledge
    WITHDRAW_PLEDGE = "hw"     # pledge
    ANSWER_PLEDGE = "hy"       # pledge, answer code (a, t or d)
    CONFIRM_PLEDGE = "hs"      # pledge


@dataclass(frozen=True)
class Press:
    action: Action
    args: tuple[str, ...] = ()

    def number(self, index: int) -> int:
        return int(self.args[index])
