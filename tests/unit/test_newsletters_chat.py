"""Newsletters in chat: a picture previewed and sent, the list with how far each got; a picture outside a
dialog kindly ignored."""

from __future__ import annotations


async def test_a_newsletter_with_a_picture_previewed_and_sent(people):
    village, p = people
    hanne = p["hanne"]
    await hanne.say("/newsletter")
    await hanne.say("Spring is here: come to the breakfast!")
    assert "Who should get it?" in await hanne.say("", image={"platform": "test", "file_id": "pic-1"})
    await hanne.press("all members")
    preview = await hanne.press("Skip")
    assert "Preview:" in preview and "With a picture." in preview and "To: all members" in preview
    said = await hanne.press("Send the newsletter")
    assert "on its way" in said and "Sent to 0 of 8" in said
    notice = p["frida"]
    assert "Spring is here" in await notice.notices()
    assert notice.last.messages[0].image == {"platform": "test", "file_id": "pic-1"}


async def test_a_picture_outside_a_dialog_is_kindly_ignored(people):
    _village, p = people
    said = await p["anna"].say("", image={"platform": "test", "file_id": "x"})
    assert "only use pictures" in said


async def test_newsletters_are_listed_and_one_opens_to_show_how_far_it_got(people):
    _village, p = people
    hanne = p["hanne"]
    await hanne.say("/newsletter")
    await hanne.say("Spring is here!")
    await hanne.press("Skip")
    await hanne.press("all members")
    await hanne.press("Skip")
    await hanne.press("Send the newsletter")

    await hanne.say("/newsletters")
    [listed] = [label for label in hanne.buttons if label.startswith("Newsletter no. ")]
    write = hanne.buttons["Write a newsletter"]
    opened = await hanne.press(listed)

    assert listed.startswith("Newsletter no. ") and listed.endswith(": “Spring is here!”")

    assert "Sent to 0 of 8." in opened and "Refresh" in hanne.buttons
    hanne.buttons["Write a newsletter"] = write
    assert "Write the newsletter." in await hanne.press("Write a newsletter")
