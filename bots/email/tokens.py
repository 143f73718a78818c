"""Signed unsubscribe tokens: who wants which kind of mail to stop, in a link that cannot be forged.

The token is signed with the deployment's secret and never expires: an unsubscribe link in an old
mail must still work. It says only a member id and a topic, so a leaked link can do no more than stop
that member's mail of that kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer

from core.model.preferences import MailTopic

SALT = "dreambank.email.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    member_id: int
    topic: MailTopic


class UnsubscribeTokens:
    def __init__(self, secret: bytes) -> None:
        self._serializer = URLSafeSerializer(secret, salt=SALT)

    def make(self, member_id: int, topic: MailTopic) -> str:
        return self._serializer.dumps([member_id, topic.value])

    def read(self, token: str) -> Unsubscribe | None:
        """What the token asks for; None when it was changed, cut short or signed with another secret."""
        try:
            member_id, topic = self._serializer.loads(token)
            if isinstance(member_id, bool) or not isinstance(member_id, int):
                return None
            return Unsubscribe(member_id, MailTopic(topic))
        except (BadData, ValueError, TypeError):
            return None
