"""A dream's picture on the portal, on SQLite and PostgreSQL: its owner uploads one, it is shown on the dream's page,
in the bank and on the poster, served with its type and ETag; what is no picture, too big, not the owner's or without
its csrf token changes nothing; a dream not yet public keeps its picture from visitors."""

from __future__ import annotations

import html
import re

import pytest

from core.model.dreams import DreamState
from core.model.pictures import PICTURE_MAX
from tests.factories import a_png
from tests.integration.test_web_acting import a_dream, app, client, forms, post, signed_in, village  # noqa: F401

UPLOAD = "Upload the picture"
REMOVE = "Remove the picture"


async def upload(browser, dream_id: int, data: bytes, name: str = "bench.png", mime: str = "image/png",
                 csrf: str | None = None):
    """The owner's upload form, sent as a browser sends it (multipart), with the page's csrf token unless told."""
    action, fields = forms((await browser.get(f"/fjordby/dreams/{dream_id}")).text)[UPLOAD]
    sent = {**fields} if csrf is None else {"csrf": csrf}
    return await browser.post(action, data=sent, files={"picture": (name, data, mime)})


async def stored(db, dream_id: int):
    async with db() as uow:
        return await uow.pictures.get(dream_id)


async def test_the_owner_uploads_a_picture_shown_on_the_page_in_the_bank_and_on_the_poster(uow_factory, village,
                                                                                             app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        sent = await upload(browser, dream.id, a_png(4, 3))
        back = await browser.get(sent.headers["location"])
    assert sent.status_code == 303 and sent.headers["location"] == f"/fjordby/dreams/{dream.id}"
    assert "The picture is on the dream's page now." in html.unescape(back.text)
    picture = await stored(uow_factory, dream.id)
    assert picture.data == a_png(4, 3) and picture.mime == "image/png"
    src = f"/fjordby/dreams/{dream.id}/picture?v={picture.digest[:16]}"
    assert f'<img class="picture" src="{src}" alt="A bench by the fjord" width="4" height="3">' in back.text
    assert REMOVE in back.text
    async with client(app) as visitor:
        page = (await visitor.get(f"/fjordby/dreams/{dream.id}")).text
        bank = (await visitor.get("/fjordby/")).text
        poster = (await visitor.get(f"/fjordby/dreams/{dream.id}/poster")).text
    assert src in page and UPLOAD not in page and REMOVE not in page
    assert f'<meta property="og:image" content="http://testserver{src}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    # beside its title in the bank, the picture says nothing more: a screen reader reads the title once
    assert re.search(rf'<img class="thumb" src="{re.escape(src)}" alt="" width="160" '
                     r'height="120" loading="lazy">', bank)
    assert src in poster


async def test_the_picture_is_served_with_its_type_and_etag_and_kept_a_day(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        await upload(browser, dream.id, a_png())
    async with client(app) as visitor:
        served = await visitor.get(f"/fjordby/dreams/{dream.id}/picture")
        again = await visitor.get(f"/fjordby/dreams/{dream.id}/picture",
                                  headers={"If-None-Match": served.headers["etag"]})
    assert served.status_code == 200 and served.content == a_png()
    assert served.headers["content-type"] == "image/png"
    assert served.headers["cache-control"] == "public, max-age=86400"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert again.status_code == 304 and not again.content


async def test_another_member_cannot_change_it_and_is_not_offered_the_form(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "anna") as anna:
        action, fields = forms((await anna.get(f"/fjordby/dreams/{dream.id}")).text)[UPLOAD]
    async with await signed_in(uow_factory, village, app, "frida") as frida:
        page = (await frida.get(f"/fjordby/dreams/{dream.id}")).text
        token = forms(page)["♥ Like"][1]["csrf"]
        sent = await frida.post(action, data={"csrf": token}, files={"picture": ("a.png", a_png(), "image/png")})
        back = await frida.get(sent.headers["location"])
    assert UPLOAD not in page
    assert sent.status_code == 303
    assert "Only the person who deposited “A bench by the fjord” can do that." in html.unescape(back.text)
    assert await stored(uow_factory, dream.id) is None


async def test_a_visitor_is_sent_to_sign_in_and_a_post_without_its_token_is_forbidden(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with client(app) as visitor:
        sent = await visitor.post(f"/fjordby/dreams/{dream.id}/picture",
                                  files={"picture": ("a.png", a_png(), "image/png")})
    assert sent.status_code == 303 and sent.headers["location"] == "/signin"
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        forged = await upload(browser, dream.id, a_png(), csrf="not-the-token")
        missing = await browser.post(f"/fjordby/dreams/{dream.id}/picture",
                                     files={"picture": ("a.png", a_png(), "image/png")})
    assert forged.status_code == missing.status_code == 403
    assert await stored(uow_factory, dream.id) is None


async def test_text_named_png_and_a_picture_over_two_megabytes_are_refused_kindly(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    big = a_png() + b"\x00" * PICTURE_MAX
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        text = await upload(browser, dream.id, b"Not a picture at all, only words.", "bench.png")
        said_text = html.unescape((await browser.get(text.headers["location"])).text)
        too_big = await upload(browser, dream.id, big)
        said_big = html.unescape((await browser.get(too_big.headers["location"])).text)
        just_over = await upload(browser, dream.id, a_png() + b"\x00" * (PICTURE_MAX - len(a_png()) + 1))
        said_over = html.unescape((await browser.get(just_over.headers["location"])).text)
        huge = await upload(browser, dream.id, a_png() + b"\x00" * (3 * 1024 * 1024))  # refused before it is parsed
        said_huge = html.unescape((await browser.get(huge.headers["location"])).text)
    assert text.status_code == too_big.status_code == just_over.status_code == huge.status_code == 303
    assert "That file is not a picture I can show: use a JPEG, PNG, WebP or GIF." in said_text
    assert "That picture is too big: at most 2 MB." in said_big
    assert "That picture is too big: at most 2 MB." in said_over and "at most 2 MB." in said_huge
    assert await stored(uow_factory, dream.id) is None


async def test_a_dream_not_yet_approved_keeps_its_picture_from_visitors_but_shows_it_to_its_owner(
        uow_factory, village, app):
    dream = await a_dream(uow_factory, village, state=DreamState.DEPOSITED)
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        await upload(browser, dream.id, a_png())
        mine = await browser.get(f"/fjordby/dreams/{dream.id}/picture")
    async with client(app) as visitor:
        hidden = await visitor.get(f"/fjordby/dreams/{dream.id}/picture")
    assert mine.status_code == 200 and mine.headers["cache-control"] == "private, no-store"
    assert hidden.status_code == 404
    async with client(app) as visitor:
        assert (await visitor.get(f"/fjordby/dreams/{dream.id + 999}/picture")).status_code == 404


async def test_the_owner_removes_it_and_it_is_gone_everywhere(uow_factory, village, app):
    dream = await a_dream(uow_factory, village)
    async with await signed_in(uow_factory, village, app, "anna") as browser:
        await upload(browser, dream.id, a_png())
        removed = await post(browser, forms((await browser.get(f"/fjordby/dreams/{dream.id}")).text)[REMOVE])
        back = await browser.get(removed.headers["location"])
    assert removed.status_code == 303 and "The picture is removed." in back.text
    assert "/picture?v=" not in back.text and REMOVE not in back.text
    assert await stored(uow_factory, dream.id) is None
    async with client(app) as visitor:
        assert (await visitor.get(f"/fjordby/dreams/{dream.id}/picture")).status_code == 404
        assert "/picture" not in (await visitor.get("/fjordby/")).text
