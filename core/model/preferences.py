"""What a member chooses to receive, and where: the digest's frequency and channels, and what comes by email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class DigestFrequency(str, Enum):
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


class MailTopic(str, Enum):
    """What an email is about; each can be turned off by its own unsubscribe link."""

    DIGEST = "digest"
    NEWSLETTERS = "newsletters"
    REMINDERS = "reminders"
    ALL = "all"  # every email: the address is forgotten
    CODE = "code"  # the address waiting for confirmation: its owner did not ask for it


@dataclass
class Preferences:
    """One member's choices. Members who never chose have the defaults: a weekly digest in chat.

    `email` is a confirmed address; `pending_email` waits for the code sent to it (only a hash of the
    code is kept). `digested_until` is the end of the window the member's last digest covered, so
    the next one starts there and no item comes twice. `name_public` is the member's consent to be named to
    visitors of the public pages.
    """

    member_id: int
    digest: DigestFrequency = DigestFrequency.WEEKLY
    digest_in_chat: bool = True
    digest_by_email: bool = False
    newsletters_by_email: bool = False
    reminders_by_email: bool = False
    email: str | None = None
    pending_email: str | None = None
    code_hash: str | None = None
    code_sent_at: datetime | None = None
    code_tries: int = 0
    digested_until: datetime | None = None
    #: whether the public web pages, feeds and open data may show the member's name beside their part in a project
    name_public: bool = False

    def wants_email(self, topic: MailTopic) -> bool:
        if self.email is None:
            return False
        return {MailTopic.DIGEST: self.digest_by_email and self.digest is not DigestFrequency.NEVER,
                MailTopic.NEWSLETTERS: self.newsletters_by_email,
                MailTopic.REMINDERS: self.reminders_by_email,
                MailTopic.ALL: True, MailTopic.CODE: False}[topic]

    def unsubscribe(self, topic: MailTopic) -> bool:
        """Stop that kind of email; True when something changed."""
        if topic is MailTopic.CODE:
            changed = self.pending_email is not None
            self.pending_email, self.code_hash, self.code_sent_at = None, None, None
            return changed
        before = (self.digest_by_email, self.newsletters_by_email, self.reminders_by_email, self.email)
        if topic in (MailTopic.DIGEST, MailTopic.ALL):
            self.digest_by_email = False
        if topic in (MailTopic.NEWSLETTERS, MailTopic.ALL):
            self.newsletters_by_email = False
        if topic in (MailTopic.REMINDERS, MailTopic.ALL):
            self.reminders_by_email = False
        if topic is MailTopic.ALL:
            self.email = None
        return before != (self.digest_by_email, self.newsletters_by_email, self.reminders_by_email, self.email)


#: which topic's unsubscribe link comes with each kind of email (by NoticeKind value)
MAIL_TOPIC_OF = {"digest": MailTopic.DIGEST, "newsletter": MailTopic.NEWSLETTERS,
                 "event_reminder": MailTopic.REMINDERS, "email_code": MailTopic.CODE,
                 "sign_in_link": MailTopic.ALL}
