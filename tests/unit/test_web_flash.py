"""The few words one answer leaves for the next page: signed with the deployment's secret, so any of its processes
shows them, and nothing else's (an altered cookie, another deployment's) is shown."""

from starlette.requests import Request
from starlette.responses import Response

from web.portal.cookies import FLASH_COOKIE, leave_flash, take_flash

SECRET = b"deployment-secret-0123456789abcdef"


def reading(cookie: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/",
                    "headers": [(b"cookie", f"{FLASH_COOKIE}={cookie}".encode())]})


def left(secret: bytes, lines: list[str]) -> str:
    response = Response()
    leave_flash(secret, response, lines)
    header = response.headers["set-cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


def test_words_left_by_one_process_are_read_by_another_of_the_same_deployment():
    assert take_flash(SECRET, reading(left(SECRET, ["You like “A bench”."]))) == ["You like “A bench”."]


def test_an_altered_cookie_or_another_deployments_shows_nothing():
    cookie = left(SECRET, ["Signed in."])
    altered = cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]

    assert take_flash(SECRET, reading(altered)) == []
    assert take_flash(b"another-deployment-secret-0123456789", reading(cookie)) == []
