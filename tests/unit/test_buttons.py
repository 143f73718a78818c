"""Button tokens are short, typed and signed; anything else is refused."""

import pytest

from core.chat.buttons import MAX_TOKEN, Action, BadToken, ButtonCodec

codec = ButtonCodec(b"a-test-secret-of-enough-length")


class TestButtonCodec:
    def test_a_token_decodes_to_the_press_it_encodes(self):
        press = codec.decode(codec.encode(Action.VOTE, 12, "a"))

        assert (press.action, press.args, press.number(0)) == (Action.VOTE, ("12", "a"), 12)

    def test_tokens_fit_telegrams_callback_data_limit(self):
        token = codec.encode(Action.TEAM, 9_999_999_999, 9_999_999_999)

        assert len(token.encode()) <= MAX_TOKEN

    @pytest.mark.parametrize("forged", ["v.12.a", "v.12.a.AAAAAAAAAAA", "", "x" * 65, "zz.1.sig", "v.13.a.{sig}"])
    def test_forged_or_altered_data_is_refused(self, forged):
        genuine = codec.encode(Action.VOTE, 12, "a")
        forged = forged.replace("{sig}", genuine.rsplit(".", 1)[1])

        with pytest.raises(BadToken):
            codec.decode(forged)

    def test_a_token_from_another_deployment_is_refused(self):
        other = ButtonCodec(b"another-secret-of-enough-length")

        with pytest.raises(BadToken):
            codec.decode(other.encode(Action.LIKE, 3))

    def test_arguments_with_separators_cannot_be_encoded(self):
        with pytest.raises(ValueError):
            codec.encode(Action.LANGUAGE, "nb.x")
